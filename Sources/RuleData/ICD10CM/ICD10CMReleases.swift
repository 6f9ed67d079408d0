public import ClaimRules

/// The ICD-10-CM releases in service: the one embedded in the binary and every imported release, with the
/// catalog the engine picks from by date of service.
///
/// Windows of imported releases may overlap: the latest-effective release covering a date wins, so a
/// release imported for an April update (effective April 1) takes over from the full fiscal year's
/// release for the rest of that year. Two imports with the same effective date are refused (which one
/// would apply is not clear). An import with the embedded release's effective date replaces it.
public struct ICD10CMReleases: Sendable {
    /// One loaded release and where it came from.
    public struct Entry: Sendable {
        public var codeSet: ICD10CMCodeSet
        /// The imported `icd10cm-codes.txt`, or nil for the embedded release.
        public var path: String?
        public var isEmbedded: Bool { path == nil }

        public init(codeSet: ICD10CMCodeSet, path: String?) {
            self.codeSet = codeSet
            self.path = path
        }
    }

    /// Releases in service, ascending by effective date.
    public let entries: [Entry]
    /// What the engine checks diagnosis codes against.
    public let catalog: ICD10CMCatalog

    /// The embedded release (if any) and the imported ones.
    public init(embedded: ICD10CMCodeSet?, imported: [Entry]) throws(RuleDataError) {
        let sorted = imported.sorted { $0.codeSet.effective < $1.codeSet.effective }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.codeSet.effective == b.codeSet.effective {
            throw RuleDataError(problems: [RuleDataProblem(
                file: b.path ?? b.codeSet.id, line: nil, field: "effective",
                message: "\(b.codeSet.id) starts on \(b.codeSet.effective) like \(a.codeSet.id) (\(a.path ?? "embedded")); "
                    + "keep one ICD-10-CM release per effective date")])
        }
        var all = sorted
        if let embedded, !sorted.contains(where: { $0.codeSet.effective == embedded.effective }) {
            all.append(Entry(codeSet: embedded, path: nil))
            all.sort { $0.codeSet.effective < $1.codeSet.effective }
        }
        entries = all
        catalog = ICD10CMCatalog(all.map(\.codeSet))
    }
}
