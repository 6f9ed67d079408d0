/// Reads the CMS/NCHS ICD-10-CM "order" file (`icd10cm-order-2027.txt`, formerly `icd10cm_order_YYYY.txt`):
/// one code a line, fixed width, LF or CR LF line ends.
///
/// ```
/// columns 1-5    order number, zero filled, ascending
/// column  6      blank
/// columns 7-13   code without a dot, left justified, blank filled
/// column  14     blank
/// column  15     0 = header (not valid on a claim), 1 = valid for submission (billable)
/// column  16     blank
/// columns 17-76  short description
/// column  77     blank
/// column  78 on  long description
/// ```
/// Every line is checked; problems name the file, line and field. The descriptions are checked for
/// presence only and are not kept. Columns after 16 are counted in characters (UTF-8, or Latin-1 when
/// the file is not UTF-8), so an accented letter in a short description does not shift the long one.
enum ICD10CMOrderFile {
    /// One code as read.
    struct Line {
        var code: String
        var billable: Bool
        var line: Int
    }

    static let field = (order: "order number", code: "code", flag: "header/billable flag",
                        short: "short description", long: "long description", layout: "layout")

    /// The codes of the file in file order, or every problem found (at most `limit` listed).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, limit: Int = 20) throws(RuleDataError) -> [Line] {
        var lines: [Line] = []
        lines.reserveCapacity(bytes.count / 120)
        var problems: [RuleDataProblem] = []
        var problemCount = 0
        func problem(_ line: Int, _ field: String?, _ message: String) {
            problemCount += 1
            if problems.count < limit { problems.append(RuleDataProblem(file: file, line: line, field: field, message: message)) }
        }
        var previousOrder = -1
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var stop = end
            if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<stop])
            start = end + 1
            if let parsed = parseLine(line, number: lineNumber, previousOrder: &previousOrder, problem: problem) {
                lines.append(parsed)
            }
        }
        if lineNumber == 0 { problem(1, nil, "the file is empty") }
        checkCodes(lines, flags: problemCount == 0, problem: problem)
        guard problemCount == 0 else {
            if problemCount > problems.count {
                problems.append(RuleDataProblem(file: file, line: nil, field: nil, message: "\(problemCount - problems.count) more problems not listed"))
            }
            throw RuleDataError(problems: problems)
        }
        return lines
    }

    private static func parseLine(_ p: UnsafeBufferPointer<UInt8>, number: Int, previousOrder: inout Int,
                                  problem: (Int, String?, String) -> Void) -> Line? {
        guard !p.isEmpty else {
            problem(number, nil, "is empty; every line of the order file holds one code")
            return nil
        }
        if let control = p.firstIndex(where: { $0 < 0x20 || $0 == 0x7F }) {
            problem(number, field.layout, "control character (e.g. a tab or a lone carriage return) at column \(control + 1); "
                        + "the order file is fixed width with blanks between the fields")
            return nil
        }
        guard p.count >= 16 else {
            problem(number, field.layout, "is \(p.count) characters long; an order file line holds an order number, a code, "
                        + "a flag and two descriptions (at least 78 characters)")
            return nil
        }
        var ok = true
        // Order number.
        let orderDigits = p[0..<5]
        if orderDigits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            let order = orderDigits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            if order <= previousOrder {
                problem(number, field.order, "\(text(orderDigits)) is not greater than the previous line's \(pad5(previousOrder))")
                ok = false
            }
            previousOrder = order
        } else {
            problem(number, field.order, "\"\(text(orderDigits))\" (columns 1-5) is not a zero-filled 5-digit number")
            ok = false
        }
        for column in [5, 13, 15] where p[column] != 0x20 {
            problem(number, field.layout, "column \(column + 1) must be blank, found \"\(text(p[column..<(column + 1)]))\"")
            ok = false
        }
        // Code: left justified, blank filled.
        let codeField = p[6..<13]
        let codeEnd = codeField.firstIndex(of: 0x20) ?? 13
        let code = p[6..<codeEnd]
        let isCode = (3...7).contains(code.count) && code.first.map { $0 >= 0x41 && $0 <= 0x5A } == true
            && code.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
            && p[codeEnd..<13].allSatisfy { $0 == 0x20 }
        if !isCode {
            let shown = text(codeField).trimmingBlanks
            let hint = shown.contains(".") ? " (the order file spells codes without a dot)"
                : shown.first.map({ $0.isNumber }) == true ? " (an ICD-10-CM code starts with a letter; is this the ICD-10-PCS order file?)" : ""
            problem(number, field.code, "\"\(shown)\" (columns 7-13) is not an ICD-10-CM code: 3 to 7 upper-case letters and digits, "
                        + "a letter first, left justified\(hint)")
            ok = false
        }
        let flag = p[14]
        if flag != 0x30 && flag != 0x31 {
            problem(number, field.flag, "\"\(text(p[14..<15]))\" (column 15) is neither 0 (header) nor 1 (valid for submission)")
            ok = false
        }
        // Descriptions: byte columns for ASCII lines, else characters.
        let ascii = p.allSatisfy { $0 < 0x80 }
        let rest = ascii ? [] : characters(p[16...])
        let restCount = ascii ? p.count - 16 : rest.count
        func at(_ i: Int) -> UInt8 { ascii ? p[16 + i] : (rest[i].asciiValue ?? 0x3F) }
        if restCount < 62 {
            problem(number, field.long, "missing: the line ends at column \(16 + restCount); the long description starts at column 78")
            ok = false
        } else {
            if (0..<60).allSatisfy({ at($0) == 0x20 }) {
                problem(number, field.short, "is blank (columns 17-76)")
                ok = false
            }
            if at(60) != 0x20 {
                problem(number, field.layout, "column 77 must be blank (is the short description longer than 60 characters?)")
                ok = false
            }
            if (61..<restCount).allSatisfy({ at($0) == 0x20 }) {
                problem(number, field.long, "is blank (column 78 on)")
                ok = false
            }
        }
        guard ok else { return nil }
        return Line(code: text(code), billable: flag == 0x31, line: number)
    }

    /// No code twice; and (when every line was read, so no code is missing) a header has a code under it
    /// and a billable code has none: that is what the flag says.
    private static func checkCodes(_ lines: [Line], flags: Bool, problem: (Int, String?, String) -> Void) {
        let sorted = lines.sorted { ($0.code.utf8.lexicographicallyPrecedes($1.code.utf8)) || ($0.code == $1.code && $0.line < $1.line) }
        var reported: [(line: Int, field: String, message: String)] = []
        for (i, line) in sorted.enumerated() {
            let next = i + 1 < sorted.count ? sorted[i + 1] : nil
            if let next, next.code == line.code {
                reported.append((next.line, field.code, "\(next.code) is already on line \(line.line)"))
                continue
            }
            guard flags else { continue }
            let extended = next.map { $0.code.hasPrefix(line.code) } ?? false
            if line.billable && extended, let next {
                reported.append((line.line, field.flag, "\(line.code) is flagged 1 (valid for submission) but \(next.code) on line \(next.line) extends it"))
            } else if !line.billable && !extended {
                reported.append((line.line, field.flag, "\(line.code) is flagged 0 (header) but no code in the file extends it"))
            }
        }
        for r in reported.sorted(by: { $0.line < $1.line }) { problem(r.line, r.field, r.message) }
    }

    private static func text(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func pad5(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The characters of `bytes`: UTF-8 when it is valid, else Latin-1 (one character a byte).
    private static func characters(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> [Character] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.map { Character(Unicode.Scalar($0)) } }
        if let text = String(validating: bytes, as: UTF8.self) { return Array(text.unicodeScalars.map(Character.init)) }
        return bytes.map { Character(Unicode.Scalar($0)) }
    }
}

extension String {
    var trimmingBlanks: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
