// Fuzz target: the NCCI table readers (DelimitedRecordReader, the header locator, and the PTP and MUE
// row parsers) on one file's bytes.
//
// Properties:
// 1. The record reader, tab-separated and comma-separated with quotes, always advances, ends, and
//    reports cells inside the buffer, in order, with line numbers that never go back.
// 2. The row policy is consistent: an import that stops at the first bad row (the default) and one
//    that skips bad rows (`--skip-invalid`) agree. When the strict one succeeds, the lenient one has the
//    same rows and no problems; when it stops at a bad row, that row is the lenient one's first problem.
@testable import RuleData
import FuzzSupport

func checkRecords(_ buffer: UnsafeBufferPointer<UInt8>, separator: UInt8, quoteAware: Bool) {
    var reader = DelimitedRecordReader(buffer: buffer, separator: separator, quoteAware: quoteAware)
    var lastPosition = reader.position
    var lastLine = 0
    var records = 0
    while reader.next() {
        records += 1
        FuzzCheck.require(records <= buffer.count, "more records than bytes")
        FuzzCheck.require(reader.position > lastPosition && reader.position <= buffer.count, "position did not advance")
        FuzzCheck.require(reader.line > lastLine, "line \(reader.line) after \(lastLine)")
        FuzzCheck.require(reader.count >= 1 && reader.count <= DelimitedRecordReader.maxCells, "cell count \(reader.count)")
        var previousEnd = lastPosition
        for k in 0..<reader.count {
            let start = reader.starts[k], end = reader.ends[k]
            FuzzCheck.require(previousEnd <= start && start <= end && end <= reader.position,
                              "cell \(k) at \(start)..<\(end) outside \(previousEnd)...\(reader.position)")
            previousEnd = end
            let (s, e) = reader.cell(k)
            FuzzCheck.require(start <= s && s <= e && e <= end, "trimmed cell \(s)..<\(e) outside \(start)..<\(end)")
        }
        lastPosition = reader.position
        lastLine = reader.line
    }
    FuzzCheck.require(reader.position == buffer.count, "stopped at \(reader.position) of \(buffer.count)")
}

typealias Parse = (UnsafeBufferPointer<UInt8>, String, UInt16, inout NCCIImportCollector) throws(NCCIImportError) -> Void

func run(_ parse: Parse, _ buffer: UnsafeBufferPointer<UInt8>, skipInvalid: Bool) -> (Result<Void, NCCIImportError>, NCCIImportCollector) {
    var collector = NCCIImportCollector(skipInvalid: skipInvalid)
    let result = Result { () throws(NCCIImportError) in
        let index = try collector.addFile("table.txt")
        try parse(buffer, "table.txt", index, &collector)
    }
    return (result, collector)
}

func rows(_ c: NCCIImportCollector) -> [String] {
    c.edits.map { "\($0)" } + c.mues.map { "\($0)" }
}

func checkPolicy(_ name: String, _ parse: Parse, _ buffer: UnsafeBufferPointer<UInt8>) {
    let (strict, strictRows) = run(parse, buffer, skipInvalid: false)
    let (lenient, lenientRows) = run(parse, buffer, skipInvalid: true)
    if case .failure(.invalidRow) = lenient { FuzzCheck.fail("\(name): --skip-invalid still stopped at a row") }
    switch strict {
    case .success:
        FuzzCheck.require(lenient.isSuccess && lenientRows.problemCount == 0, "\(name): strict succeeded, lenient gave \(lenient)")
        FuzzCheck.require(rows(strictRows) == rows(lenientRows), "\(name): strict and lenient rows differ")
    case .failure(.invalidRow(let problem)):
        FuzzCheck.require(lenientRows.problems.first == problem,
                          "\(name): strict stopped at \(problem), lenient's first problem is \(String(describing: lenientRows.problems.first))")
    case .failure(let error):
        // Reached without a bad row, so the lenient run reaches the same point and fails the same way.
        guard case .failure(let other) = lenient, other == error else {
            FuzzCheck.fail("\(name): strict failed with \(error), lenient gave \(lenient)")
        }
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}

FuzzTarget.run { data in
    let buffer = data.assumingMemoryBound(to: UInt8.self)
    checkRecords(buffer, separator: 0x09, quoteAware: false)
    checkRecords(buffer, separator: 0x2c, quoteAware: true)
    checkPolicy("PTP", PTPFileParser.parse, buffer)
    checkPolicy("MUE", MUEFileParser.parse, buffer)
}
