/// Gathers validated PTP and MUE rows from every input file: interns codes and rationales,
/// remembers where each row came from (for duplicate reports), and applies the invalid-row policy.
struct NCCIImportCollector {
    /// A PTP row as read, before code ids are renumbered into sorted order.
    struct Edit {
        var column1: UInt32
        var column2: UInt32
        var effective: UInt32
        /// `YYYYMMDD`, or 0 for `*` (not deleted).
        var deletion: UInt32
        var modifier: UInt8
        var prior1996: UInt8
        var rationale: UInt16
        var file: UInt16
        var line: UInt32
    }

    struct MUE {
        var code: UInt32
        var value: UInt32
        var adjudication: UInt8
        var rationale: UInt16
        var file: UInt16
        var line: UInt32
    }

    let skipInvalid: Bool
    /// How many rejected rows are kept for the report.
    static let problemSampleLimit = 20

    private(set) var files: [String] = []
    private(set) var codes: [UInt64] = []
    private var codeIDs: [UInt64: UInt32] = [:]
    var ptpRationales = NCCIRationaleTable(kind: "PTP edit rationales")
    var mueRationales = NCCIRationaleTable(kind: "MUE rationales")
    var edits: [Edit] = []
    var mues: [MUE] = []
    private(set) var problemCount = 0
    private(set) var problems: [NCCIRowProblem] = []

    init(skipInvalid: Bool) {
        self.skipInvalid = skipInvalid
        codeIDs.reserveCapacity(32_768)
    }

    mutating func addFile(_ name: String) throws(NCCIImportError) -> UInt16 {
        guard files.count < Int(UInt16.max) else { throw .empty("too many input files") }
        files.append(name)
        return UInt16(files.count - 1)
    }

    @inline(__always)
    mutating func codeID(_ key: UInt64) -> UInt32 {
        if let id = codeIDs[key] { return id }
        let id = UInt32(codes.count)
        codes.append(key)
        codeIDs[key] = id
        return id
    }

    /// Records a bad row: throws it at once, or (with `--skip-invalid`) counts it and keeps the first 20.
    mutating func reject(_ problem: NCCIRowProblem) throws(NCCIImportError) {
        guard skipInvalid else { throw .invalidRow(problem) }
        problemCount += 1
        if problems.count < Self.problemSampleLimit { problems.append(problem) }
    }

    func location(file: UInt16, line: UInt32) -> String {
        "\(files[Int(file)]):\(line)"
    }
}
