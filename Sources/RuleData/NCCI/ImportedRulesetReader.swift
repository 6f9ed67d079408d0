import ClaimRules
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads `ruleset.ncci` back, checking everything before anyone can use it: magic, format version,
/// header size, payload length against the file size, section tags and lengths, the SHA-256 of the
/// payload, code shapes and order, string table offsets, row counts; `PTPTable`'s own init then checks
/// ids, dates, indicators and sort order. The payload is streamed into its final arrays while it is
/// hashed, so loading a 4-million-row table needs about one copy of it in memory.
public enum ImportedRulesetReader {
    public static func read(path: String) throws(NCCIImportError) -> ImportedRuleset {
        try read(path: path, direct: ImportedRulesetFormat.rowLayoutMatches)
    }

    /// `direct`: read PTP rows straight into the array's memory (only when the layouts match);
    /// otherwise decode them field by field. Tests run both paths.
    static func read(path: String, direct: Bool) throws(NCCIImportError) -> ImportedRuleset {
        func fail(_ reason: String) -> NCCIImportError { .badRulesetFile(file: path, reason: reason) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        var input = FileInput(fd: fd, path: path)

        let header = try input.bytes(ImportedRulesetFormat.headerSize, hashed: false)
        guard Array(header[0..<8]) == ImportedRulesetFormat.magic else { throw fail("wrong magic (not a ruleset.ncci file)") }
        let version = le32(header, 8)
        guard version == ImportedRulesetFormat.version else {
            throw fail("format version \(version); this build reads version \(ImportedRulesetFormat.version) (re-run import-ncci)")
        }
        guard le32(header, 12) == UInt32(ImportedRulesetFormat.headerSize) else { throw fail("unexpected header size") }
        guard le64(header, 56) == 0 else { throw fail("reserved header field is not zero") }
        let payloadLength = le64(header, 16)
        guard UInt64(st.st_size) == UInt64(ImportedRulesetFormat.headerSize) + payloadLength else {
            throw fail("file is \(st.st_size) bytes; the header promises \(UInt64(ImportedRulesetFormat.headerSize) + payloadLength) (truncated or appended)")
        }
        let expectedDigest = Array(header[24..<56])
        input.remaining = payloadLength

        // META
        var meta = try input.section("META")
        let year = Int(try meta.u32()), q = Int(try meta.u32())
        guard let quarter = NCCIQuarter(year: year, quarter: q) else { throw fail("quarter \(year)Q\(q) is not valid") }
        guard try meta.i32() == quarter.effectiveYYYYMMDD, try meta.i32() == quarter.throughYYYYMMDD else {
            throw fail("effective window does not match quarter \(quarter)")
        }
        // CODE
        var codeSection = try input.section("CODE")
        let codeCount = try codeSection.count(elementSize: 8)
        var codes: [String] = []
        codes.reserveCapacity(codeCount)
        var previous: [UInt8] = []
        for i in 0..<codeCount {
            let raw = try codeSection.take(8)
            let code = Array(raw.prefix { $0 != 0 })
            guard code.count == 5, code.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) }) else {
                throw fail("code \(i) is not a 5-character code")
            }
            guard previous.lexicographicallyPrecedes(code) || i == 0 else { throw fail("code table is not strictly ascending at \(i)") }
            previous = code
            codes.append(String(decoding: code, as: UTF8.self))
        }
        var ptpStrings = try input.section("PTPS")
        let ptpRationales = try ptpStrings.strings()
        var sourceStrings = try input.section("SRCS")
        let sources = try sourceStrings.strings()
        var mueStrings = try input.section("MUES")
        let mueRationales = try mueStrings.strings()

        // PTPR: read straight into the row array when the layouts agree.
        let (ptpTag, ptpLength) = try input.sectionHeader()
        guard ptpTag == "PTPR" else { throw fail("expected section PTPR, found \(ptpTag)") }
        let countBytes = try input.bytes(8, hashed: true)
        let rowCount64 = le64(countBytes, 0)
        guard rowCount64 <= (ptpLength - 8) / UInt64(ImportedRulesetFormat.ptpRowSize),
              ptpLength == 8 + ((rowCount64 * UInt64(ImportedRulesetFormat.ptpRowSize) + 7) / 8) * 8 else {
            throw fail("PTPR section length does not match its row count")
        }
        let rowCount = Int(rowCount64)
        var rows: [PTPTable.Row]
        // An empty table takes the field-by-field path: `Array(unsafeUninitializedCapacity: 0)` writes the
        // count into the runtime's shared empty-array storage, a write other threads' empty arrays race with.
        if direct && ImportedRulesetFormat.rowLayoutMatches && rowCount > 0 {
            var failure: NCCIImportError?
            rows = [PTPTable.Row](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                do throws(NCCIImportError) {
                    try input.fill(UnsafeMutableRawBufferPointer(buffer))
                    initialized = rowCount
                } catch {
                    failure = error
                    // Rows are plain integers: zero them so the partially filled array is valid.
                    UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
                    initialized = rowCount
                }
            }
            if let failure { throw failure }
        } else {
            rows = []
            rows.reserveCapacity(rowCount)
            let chunkRows = 65_536
            var left = rowCount
            while left > 0 {
                let n = min(left, chunkRows)
                let chunk = try input.bytes(n * ImportedRulesetFormat.ptpRowSize, hashed: true)
                for k in 0..<n {
                    let o = k * ImportedRulesetFormat.ptpRowSize
                    rows.append(PTPTable.Row(column1: le32(chunk, o), column2: le32(chunk, o + 4),
                                             effective: Int32(bitPattern: le32(chunk, o + 8)),
                                             deletion: Int32(bitPattern: le32(chunk, o + 12)),
                                             indicator: chunk[o + 20], rationale: le16(chunk, o + 16), source: le16(chunk, o + 18)))
                }
                left -= n
            }
        }
        _ = try input.bytes(Int(ptpLength) - 8 - rowCount * ImportedRulesetFormat.ptpRowSize, hashed: true)

        // MUER
        var mueSection = try input.section("MUER")
        let mueCount = try mueSection.count(elementSize: ImportedRulesetFormat.mueRowSize)
        var mueRows: [ImportedRuleset.MUERow] = []
        mueRows.reserveCapacity(mueCount)
        for i in 0..<mueCount {
            let b = try mueSection.take(ImportedRulesetFormat.mueRowSize)
            let row = ImportedRuleset.MUERow(code: le32(b, 0), value: le32(b, 4), rationale: le16(b, 8), source: le16(b, 10), adjudication: b[12])
            guard Int(row.code) < codes.count else { throw fail("MUE row \(i): code id out of range") }
            guard (1...3).contains(row.adjudication) else { throw fail("MUE row \(i): adjudication indicator \(row.adjudication)") }
            guard Int(row.rationale) < mueRationales.count,
                  Int(row.source) < sources.count else { throw fail("MUE row \(i): string index out of range") }
            guard i == 0 || mueRows[i - 1].code < row.code else { throw fail("MUE rows are not sorted by code at \(i)") }
            mueRows.append(row)
        }
        guard input.remaining == 0 else { throw fail("\(input.remaining) bytes after the last section") }
        let digest = input.hasher.finalize()
        guard digest == expectedDigest else { throw fail("SHA-256 digest mismatch (file is damaged or was edited)") }
        return ImportedRuleset(quarter: quarter, digest: SHA256.hex(digest), codes: codes, ptpRows: rows,
                               ptpRationales: ptpRationales, sources: sources, mueRows: mueRows, mueRationales: mueRationales)
    }

    static func le16(_ b: [UInt8], _ o: Int) -> UInt16 { UInt16(b[o]) | UInt16(b[o + 1]) << 8 }
    static func le32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
    }
    static func le64(_ b: [UInt8], _ o: Int) -> UInt64 { UInt64(le32(b, o)) | UInt64(le32(b, o + 4)) << 32 }
}

/// Sequential reads from the ruleset file, hashing payload bytes and never reading past the payload.
private struct FileInput {
    let fd: Int32
    let path: String
    var remaining: UInt64 = 0
    var hasher = SHA256()

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    func fail(_ reason: String) -> NCCIImportError { .badRulesetFile(file: path, reason: reason) }

    mutating func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(NCCIImportError) {
        guard UInt64(buffer.count) <= remaining else { throw fail("a section runs past the end of the payload") }
        var done = 0
        while done < buffer.count {
            guard let base = buffer.baseAddress else { break }
            let n = Glibc.read(fd, base + done, min(buffer.count - done, 1 << 24))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw fail(n == 0 ? "unexpected end of file" : String(cString: strerror(errno))) }
            hasher.update(UnsafeRawBufferPointer(start: base + done, count: n))
            done += n
        }
        remaining -= UInt64(buffer.count)
    }

    mutating func bytes(_ count: Int, hashed: Bool) throws(NCCIImportError) -> [UInt8] {
        guard count >= 0 else { throw fail("negative length") }
        var out = [UInt8](repeating: 0, count: count)
        if hashed {
            var failure: NCCIImportError?
            out.withUnsafeMutableBytes { raw in
                do throws(NCCIImportError) { try fill(raw) } catch { failure = error }
            }
            if let failure { throw failure }
        } else {
            var done = 0
            while done < count {
                let n = out.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress.map { $0 + done }, count - done) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw fail("file is shorter than its header") }
                done += n
            }
        }
        return out
    }

    mutating func sectionHeader() throws(NCCIImportError) -> (String, UInt64) {
        let h = try bytes(16, hashed: true)
        let tag = String(decoding: h[0..<4], as: UTF8.self)
        let length = ImportedRulesetReader.le64(h, 8)
        guard length % 8 == 0, length <= remaining else { throw fail("section \(tag) has a bad length \(length)") }
        return (tag, length)
    }

    /// A whole small section, read into memory.
    mutating func section(_ expected: String) throws(NCCIImportError) -> SectionCursor {
        let (tag, length) = try sectionHeader()
        guard tag == expected else { throw fail("expected section \(expected), found \(tag)") }
        guard length <= 64 << 20 else { throw fail("section \(tag) is implausibly large") }
        return SectionCursor(bytes: try bytes(Int(length), hashed: true), tag: tag, path: path)
    }
}

/// Reading within one small section held in memory.
private struct SectionCursor {
    let bytes: [UInt8]
    let tag: String
    let path: String
    var offset = 0

    func fail(_ reason: String) -> NCCIImportError { .badRulesetFile(file: path, reason: "section \(tag): \(reason)") }

    mutating func take(_ n: Int) throws(NCCIImportError) -> [UInt8] {
        guard n >= 0, offset + n <= bytes.count else { throw fail("runs past its end") }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    mutating func u32() throws(NCCIImportError) -> UInt32 { ImportedRulesetReader.le32(try take(4), 0) }
    mutating func i32() throws(NCCIImportError) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func u64() throws(NCCIImportError) -> UInt64 { ImportedRulesetReader.le64(try take(8), 0) }

    /// A leading element count, checked against the section's size.
    mutating func count(elementSize: Int) throws(NCCIImportError) -> Int {
        let n = try u64()
        guard n <= UInt64((bytes.count - offset) / elementSize) else { throw fail("count \(n) does not fit the section") }
        return Int(n)
    }

    mutating func strings() throws(NCCIImportError) -> [String] {
        let n = try count(elementSize: 4)
        var ends: [Int] = []
        ends.reserveCapacity(n + 1)
        for _ in 0...n { ends.append(Int(try u32())) }
        guard ends.first == 0 else { throw fail("string table does not start at offset 0") }
        let blobStart = offset
        var out: [String] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            guard ends[i] <= ends[i + 1], blobStart + ends[i + 1] <= bytes.count else { throw fail("string \(i) offsets are out of range") }
            let slice = bytes[(blobStart + ends[i])..<(blobStart + ends[i + 1])]
            guard let s = String(validating: slice, as: UTF8.self) else { throw fail("string \(i) is not UTF-8") }
            out.append(s)
        }
        return out
    }
}
