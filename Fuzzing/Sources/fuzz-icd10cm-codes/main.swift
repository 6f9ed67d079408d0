// Fuzz target: ICD10CMCodeSetFile, the text file an ICD-10-CM release is kept in (the embedded code set
// and every release import-icd10cm writes).
//
// The input is the part of the file after its `sha256` line; the target puts the format line and the
// correct digest in front, so the fuzzer reaches the reader's checks instead of stopping at the digest.
//
// Property: a file that reads is a fixed point of writing: written back by `encode`, it reads again to
// a code set with the same codes, flags and dates, which writes to the same bytes.
import ClaimRules
import FuzzSupport
import RuleData

func parse(_ bytes: [UInt8]) -> Result<ICD10CMCodeSet, RuleDataError> {
    bytes.withUnsafeBufferPointer { buffer in
        Result { () throws(RuleDataError) in try ICD10CMCodeSetFile.parse(buffer, file: "icd10cm-codes.txt") }
    }
}

/// The digest the reader expects: SHA-256 of the lines, each ended by a single LF.
func digest(_ body: [UInt8]) -> String {
    var normalized: [UInt8] = []
    normalized.reserveCapacity(body.count + 1)
    var i = 0
    while i < body.count {
        if body[i] == 0x0D && i + 1 < body.count && body[i + 1] == 0x0A { i += 1; continue }
        normalized.append(body[i])
        i += 1
    }
    if let last = normalized.last, last != 0x0A { normalized.append(0x0A) }
    return SHA256.hex(SHA256.hash(normalized))
}

func summary(_ set: ICD10CMCodeSet) -> [String] {
    ["\(set.id) \(set.effective) \(String(describing: set.through)) \(set.count) \(set.billableCount) \(set.manifestationCount)"]
        + set.entries.map { "\($0.code) \($0.entry.billable) \($0.entry.manifestation)" }
}

FuzzTarget.run { data in
    let body = Array(data)
    let file = Array("format\ticd10cm-codes 1\nsha256\t\(digest(body))\n".utf8) + body
    guard case .success(let codeSet) = parse(file) else { return }
    let written = ICD10CMCodeSetFile.encode(codeSet, comments: ["fuzz"]).bytes
    guard case .success(let again) = parse(written) else {
        FuzzCheck.fail("a code set that read does not read back once written: \(parse(written))")
    }
    FuzzCheck.require(summary(again) == summary(codeSet), "written and read back, the code set changed")
    FuzzCheck.require(ICD10CMCodeSetFile.encode(again, comments: ["fuzz"]).bytes == written, "writing is not a fixed point")
}
