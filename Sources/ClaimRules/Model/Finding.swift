/// One error or warning on a claim. `message` and `fix` are plain English and never contain patient data
/// (no claim id, NPI or clinician id).
public struct Finding: Sendable, Equatable, Codable {
    public var id: FindingID
    public var severity: Severity
    /// Claim line indexes concerned (empty for claim-level findings).
    public var lines: [Int]
    public var message: String
    /// What to do about it.
    public var fix: String
    /// The rule's citation, e.g. "CMS Pub. 100-04 ch. 5 §20.2".
    public var source: String
    /// In a batch: the line numbers (from 1) of the other claims this finding rests on; nil otherwise.
    public var batchLines: [Int]?

    public init(id: FindingID, severity: Severity, lines: [Int], message: String, fix: String, source: String,
                batchLines: [Int]? = nil) {
        self.id = id
        self.severity = severity
        self.lines = lines
        self.message = message
        self.fix = fix
        self.source = source
        self.batchLines = batchLines
    }
}
