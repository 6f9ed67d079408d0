public import ClaimRules

/// The text file an ICD-10-CM release is kept in: the embedded `Config/icd10cm/icd10cm-codes.txt`
/// (made by `scripts/gen-icd10cm.py`) and every `icd10cm-codes.txt` that `import-icd10cm` writes.
///
/// ```
/// # comment lines (only before the format line)
/// format<TAB>icd10cm-codes 1
/// sha256<TAB>64 lowercase hex digits: SHA-256 of every line after this one, each ended by LF
/// id<TAB>icd10cm-2026
/// source<TAB>where the release comes from, for people
/// effective<TAB>YYYY-MM-DD
/// through<TAB>YYYY-MM-DD
/// codes<TAB>N
/// N lines CODE<TAB>KIND, codes strictly ascending (byte order), no dots
/// ```
/// KIND is `H` (a header: another code of the file extends it) or `B` (billable: none does), then `M`
/// for a manifestation code. The reader checks everything: the digest, the order, and that every H/B
/// agrees with the codes around it. The digest is taken over LF line ends, so a checkout that turns
/// them into CR LF still loads.
public enum ICD10CMCodeSetFile {
    /// The file name, in `Config/icd10cm/` and in every imported release's directory.
    public static let fileName = "icd10cm-codes.txt"
    /// The embedded file's name (relative to `Config/`).
    public static let embeddedName = "icd10cm/" + fileName
    static let formatLine = "icd10cm-codes 1"
    /// At most this many problems are listed for one file (a wrong file would otherwise list every line).
    static let problemLimit = 20

    /// Parses and checks a code set file; `file` names it in problems.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(RuleDataError) -> ICD10CMCodeSet {
        var reader = Reader(bytes: bytes, file: file)
        return try reader.read()
    }

    /// Parses and checks a code set file held in a string (the embedded copy).
    public static func parse(_ text: String, file: String) throws(RuleDataError) -> ICD10CMCodeSet {
        var copy = text
        let result = copy.withUTF8 { buffer -> Result<ICD10CMCodeSet, RuleDataError> in
            do throws(RuleDataError) { return .success(try parse(buffer, file: file)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// The file for `codeSet`, with `comments` (one line each, without `#`) at the top. The `sha256` line
    /// is computed here; `codeSet.digest` is not consulted.
    public static func encode(_ codeSet: ICD10CMCodeSet, comments: [String]) -> (bytes: [UInt8], digest: String) {
        var body: [UInt8] = []
        body.reserveCapacity(codeSet.count * 10 + 512)
        func line(_ text: String) {
            body.append(contentsOf: text.utf8)
            body.append(0x0A)
        }
        line("id\t\(codeSet.id)")
        line("source\t\(singleLine(codeSet.source))")
        line("effective\t\(codeSet.effective)")
        line("through\t\(codeSet.through.map(\.description) ?? "-")")
        line("codes\t\(codeSet.count)")
        for (code, entry) in codeSet.entries {
            body.append(contentsOf: code.utf8)
            body.append(0x09)
            body.append(entry.billable ? 0x42 : 0x48)
            if entry.manifestation { body.append(0x4D) }
            body.append(0x0A)
        }
        let digest = SHA256.hex(SHA256.hash(body))
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 1024)
        for comment in comments { out.append(contentsOf: "# \(singleLine(comment))\n".utf8) }
        out.append(contentsOf: "format\t\(formatLine)\nsha256\t\(digest)\n".utf8)
        out.append(contentsOf: body)
        return (out, digest)
    }

    /// `text` with tabs and line breaks turned into spaces (a field of the file is one line).
    static func singleLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }

    /// Whether `id` can name a release: lower-case letters, digits, `-` and `.`, 1 to 64 of them, a letter
    /// or digit first.
    public static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...64).contains(bytes.count), bytes[0] != 0x2D, bytes[0] != 0x2E else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E }
    }
}

/// Reads one code set file line by line (LF or CR LF), collecting located problems.
private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    var offset = 0
    var lineNumber = 0
    var problems: [RuleDataProblem] = []
    var problemCount = 0

    init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// The next line without its line end, or nil at the end of the file.
    mutating func nextLine() -> Range<Int>? {
        guard offset < bytes.count else { return nil }
        lineNumber += 1
        var end = offset
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        var stop = end
        if stop > offset && bytes[stop - 1] == 0x0D { stop -= 1 }
        defer { offset = min(end + 1, bytes.count) }
        return offset..<stop
    }

    func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

    mutating func problem(_ field: String?, _ message: String, line: Int? = nil) {
        problemCount += 1
        if problems.count < ICD10CMCodeSetFile.problemLimit {
            problems.append(RuleDataProblem(file: file, line: line ?? lineNumber, field: field, message: message))
        }
    }

    func failure() -> RuleDataError {
        var all = problems
        if problemCount > problems.count {
            all.append(RuleDataProblem(file: file, line: nil, field: nil,
                                       message: "\(problemCount - problems.count) more problems not listed"))
        }
        return RuleDataError(problems: all)
    }

    func stop(_ field: String?, _ message: String) -> RuleDataError {
        var copy = self
        copy.problem(field, message)
        return copy.failure()
    }

    /// `name<TAB>value` with the expected name, else a problem that stops the read.
    mutating func keyLine(_ name: String) throws(RuleDataError) -> String {
        guard let range = nextLine() else { throw stop(name, "the file ends before its \"\(name)\" line") }
        let line = text(range)
        let prefix = name + "\t"
        guard line.hasPrefix(prefix) else {
            throw stop(name, "expected the line \"\(name)<TAB>value\", found \"\(line.prefix(40))\"")
        }
        return String(line.dropFirst(prefix.count))
    }

    mutating func read() throws(RuleDataError) -> ICD10CMCodeSet {
        // Comments, then the format line.
        while true {
            guard let range = nextLine() else { throw stop(nil, "holds no \"format\" line (not an ICD-10-CM code set file)") }
            let line = text(range)
            if line.hasPrefix("#") || line.allSatisfy({ $0 == " " }) { continue }
            guard line == "format\t" + ICD10CMCodeSetFile.formatLine else {
                throw stop("format", "expected \"format<TAB>\(ICD10CMCodeSetFile.formatLine)\", found \"\(line.prefix(40))\"")
            }
            break
        }
        let declared = try keyLine("sha256")
        guard declared.utf8.count == 64, declared.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else {
            throw stop("sha256", "is not 64 lower-case hexadecimal digits")
        }
        let digestStart = offset
        let digestLine = lineNumber

        let id = try keyLine("id")
        if !ICD10CMCodeSetFile.isValidID(id) { problem("id", "\"\(id.prefix(70))\" is not an id (lower-case letters, digits, - and .)") }
        let source = try keyLine("source")
        if source.isEmpty { problem("source", "is empty") }
        let effectiveText = try keyLine("effective")
        let effective = CalendarDate(effectiveText)
        if effective == nil { problem("effective", "\"\(effectiveText.prefix(20))\" is not a date YYYY-MM-DD") }
        let throughText = try keyLine("through")
        var through: CalendarDate?
        if throughText != "-" {
            through = CalendarDate(throughText)
            if through == nil {
                problem("through", "\"\(throughText.prefix(20))\" is neither a date YYYY-MM-DD nor - (open-ended)")
            } else if let through, let effective, through < effective {
                problem("through", "\(through) is before the effective date \(effective)")
            }
        }
        let countText = try keyLine("codes")
        guard let count = Int(countText), count >= 0, count <= 1_000_000 else {
            throw stop("codes", "\"\(countText.prefix(20))\" is not a count of codes")
        }

        var builder = ICD10CMCodeSet.Builder()
        builder.reserveCapacity(count)
        var previous: Range<Int>?
        var previousKind: (line: Int, header: Bool)?
        var read = 0
        while read < count, let range = nextLine() {
            read += 1
            guard let tab = range.firstIndex(where: { bytes[$0] == 0x09 }) else {
                problem("code", "expected CODE<TAB>KIND")
                continue
            }
            let code = range.lowerBound..<tab
            let kind = text((tab + 1)..<range.upperBound)
            let shapeOK = (3...7).contains(code.count) && bytes[code.lowerBound] >= 0x41 && bytes[code.lowerBound] <= 0x5A
                && code.allSatisfy { (bytes[$0] >= 0x30 && bytes[$0] <= 0x39) || (bytes[$0] >= 0x41 && bytes[$0] <= 0x5A) }
            guard shapeOK else {
                problem("code", "\"\(text(code).prefix(20))\" is not an ICD-10-CM code without a dot (3 to 7 upper-case letters and digits, a letter first)")
                continue
            }
            let header: Bool, manifestation: Bool
            switch kind {
            case "H": (header, manifestation) = (true, false)
            case "B": (header, manifestation) = (false, false)
            case "HM": (header, manifestation) = (true, true)
            case "BM": (header, manifestation) = (false, true)
            default:
                problem("kind", "\"\(kind.prefix(20))\" is not H, B, HM or BM")
                continue
            }
            if let previous {
                let before = UnsafeBufferPointer(rebasing: bytes[previous]), this = UnsafeBufferPointer(rebasing: bytes[code])
                guard before.lexicographicallyPrecedes(this) else {
                    problem("code", "\(text(code)) is not after \(text(previous)) (codes must be strictly ascending)")
                    continue
                }
                // The previous code is a header exactly when this one extends it.
                let extends = this.starts(with: before)
                if let p = previousKind, p.header != extends {
                    problem("kind", extends ? "\(text(previous)) is marked B (billable) but \(text(code)) on line \(lineNumber) extends it"
                                            : "\(text(previous)) is marked H (header) but no code extends it", line: p.line)
                }
            }
            previous = code
            previousKind = (lineNumber, header)
            builder.add(text(code), ICD10CMEntry(billable: !header, manifestation: manifestation))
        }
        if let p = previousKind, p.header {
            problem("kind", "\(previous.map(text) ?? "") is marked H (header) but no code extends it", line: p.line)
        }
        if read < count { problem("codes", "the file ends after \(read) of the \(count) codes it announces", line: digestLine + 5) }
        if nextLine() != nil { problem(nil, "text after the \(count) codes the file announces") }

        let actual = digest(from: digestStart)
        if actual != declared {
            problem("sha256", "the content's SHA-256 is \(actual); the file says \(declared) (damaged or edited)", line: digestLine)
        }
        guard problemCount == 0, let effective else { throw failure() }
        return ICD10CMCodeSet(id: id, effective: effective, through: through, digest: actual, source: source, codes: builder)
    }

    /// SHA-256 of the bytes from `start` to the end with every line ended by a single LF.
    func digest(from start: Int) -> String {
        var hasher = SHA256()
        let rest = UnsafeBufferPointer(rebasing: bytes[start...])
        if !rest.contains(0x0D) {
            hasher.update(UnsafeRawBufferPointer(rest))
            if let last = rest.last, last != 0x0A { hasher.update([0x0A]) }
        } else {
            var normalized: [UInt8] = []
            normalized.reserveCapacity(rest.count)
            var i = 0
            while i < rest.count {
                if rest[i] == 0x0D && i + 1 < rest.count && rest[i + 1] == 0x0A { i += 1; continue }
                normalized.append(rest[i])
                i += 1
            }
            if let last = normalized.last, last != 0x0A { normalized.append(0x0A) }
            hasher.update(normalized)
        }
        return hasher.hexDigest()
    }
}
