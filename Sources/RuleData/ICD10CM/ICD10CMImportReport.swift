/// What an order-file import did, for the operator.
public struct ICD10CMImportReport: Sendable, Equatable {
    public var id: String
    public var window: ICD10CMImportWindow
    /// The order file (for a zip archive, `archive.zip!member.txt`).
    public var source: String
    public var codes: Int
    public var billable: Int
    /// The release the manifestation flags were carried from; nil when none was given.
    public var base: String?
    /// Codes flagged as manifestation codes in the import (headers included).
    public var manifestation: Int
    /// Codes that are also in the base release (their flags are the base's).
    public var inBase: Int
    /// Codes the base release lacks; `newUnderManifestation` of them sit under a flagged category and
    /// were flagged with it, the rest are not flagged.
    public var new: Int
    public var newUnderManifestation: Int
    /// Codes of the base release missing from the import (deleted in the new fiscal year).
    public var removed: Int
    /// SHA-256 of the written file's content: the release's digest.
    public var digest: String
    /// A full release has about 74,000 billable codes; far fewer suggests an excerpt or a wrong file.
    public var looksPartial: Bool { billable < 50_000 }
}
