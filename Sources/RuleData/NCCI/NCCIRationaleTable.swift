/// The distinct rationale texts of one table kind, numbered in the order first seen: a ruleset
/// stores each text once and its rows refer to it by a 16-bit id.
struct NCCIRationaleTable {
    /// What the texts are, as the overflow report names them ("PTP edit rationales").
    let kind: String
    private(set) var texts: [String] = []
    private var ids: [String: UInt16] = [:]

    init(kind: String) {
        self.kind = kind
    }

    /// The id of `text`, numbering it if new; `file` and `line` place the row that overflows the ids.
    mutating func id(_ text: String, file: String, line: Int) throws(NCCIImportError) -> UInt16 {
        if let id = ids[text] { return id }
        guard texts.count < Int(UInt16.max) else {
            throw .invalidRow(NCCIRowProblem(file: file, line: line, reason: "more than 65535 distinct \(kind)"))
        }
        let id = UInt16(texts.count)
        texts.append(text)
        ids[text] = id
        return id
    }
}
