/// One medically unlikely edit.
public struct MUEEntry: Sendable, Equatable, Codable {
    public var code: String
    /// Maximum units.
    public var value: Int
    /// MAI 1, 2 or 3.
    public var adjudication: MUEAdjudication
    /// MUE rationale as published (e.g. "CMS Policy").
    public var rationale: String
    /// Where the value comes from (file and version, or a document).
    public var source: String

    public init(code: String, value: Int, adjudication: MUEAdjudication, rationale: String, source: String) {
        self.code = code
        self.value = value
        self.adjudication = adjudication
        self.rationale = rationale
        self.source = source
    }
}
