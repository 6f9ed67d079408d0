/// One error or warning on a claim. `message` and `fix` are plain English and never contain patient data
/// (no claim id, NPI or clinician id).
public struct Finding: Sendable, Equatable, Codable {
    // `severity` is declared before `id` so that the implicit memberwise initializer (which the public one calls)
    // has other labels than the public one; `CodingKeys` keeps the JSON order. An initializer that assigns the
    // properties one by one builds the value and then copies it (every string and array retained and released).
    public var severity: Severity
    public var id: FindingID
    /// Claim line indexes concerned (empty for claim-level findings).
    public var lines: [Int]
    public var message: String
    /// What to do about it.
    public var fix: String
    /// The rule's citation, e.g. "CMS Pub. 100-04 ch. 5 §20.2".
    public var source: String
    /// In a batch: the line numbers (from 1) of the other claims this finding rests on; nil otherwise.
    public var batchLines: [Int]?

    enum CodingKeys: String, CodingKey {
        case id, severity, lines, message, fix, source, batchLines
    }
}

extension Finding {
    public init(id: FindingID, severity: Severity, lines: [Int], message: String, fix: String, source: String,
                batchLines: [Int]? = nil) {
        self.init(severity: severity, id: id, lines: lines, message: message, fix: fix, source: source, batchLines: batchLines)
    }
}
