// Fuzz target: ICD10CMOrderFile, the reader of the CMS/NCHS ICD-10-CM order file (fixed width) that
// import-icd10cm reads.
//
// Properties: the codes come out in file order with line numbers that only grow; and line ends do not
// matter: the same file with every CR LF turned into LF reads the same (codes, flags, line numbers), or
// fails the same way (unless a line's own text ends in CR, which LF line ends cannot express).
@testable import RuleData
import FuzzSupport

func parse(_ bytes: [UInt8]) -> Result<[ICD10CMOrderFile.Line], RuleDataError> {
    bytes.withUnsafeBufferPointer { buffer in
        Result { () throws(RuleDataError) in try ICD10CMOrderFile.parse(buffer, file: "icd10cm-order.txt") }
    }
}

func summary(_ result: Result<[ICD10CMOrderFile.Line], RuleDataError>) -> String {
    switch result {
    case .success(let lines): return lines.map { "\($0.code) \($0.billable) \($0.line)" }.joined(separator: ";")
    case .failure(let error): return "failure \(error)"
    }
}

FuzzTarget.run { data in
    let bytes = Array(data)
    let result = parse(bytes)
    if case .success(let lines) = result {
        var previous = 0
        for line in lines {
            FuzzCheck.require(line.line > previous, "line \(line.line) after line \(previous)")
            FuzzCheck.require(!line.code.isEmpty, "an empty code on line \(line.line)")
            previous = line.line
        }
    }
    var lf: [UInt8] = []
    lf.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1; continue }
        lf.append(bytes[i])
        i += 1
    }
    // A line whose text ends in CR ("\r\r\n") has no LF-only spelling: nothing to compare.
    guard lf.count != bytes.count, !lf.indices.contains(where: { lf[$0] == 0x0D && $0 + 1 < lf.count && lf[$0 + 1] == 0x0A }) else { return }
    let converted = parse(lf)
    FuzzCheck.require(summary(converted) == summary(result), "with LF line ends: \(summary(converted)); with CR LF: \(summary(result))")
}
