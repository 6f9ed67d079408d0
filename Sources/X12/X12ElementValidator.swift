/// Checks a segment's elements against the implementation guide's element table (X12.6 data element
/// types, lengths, code values, required and unused elements, syntax notes), the checks pyx12 makes.
/// External code lists are not checked, except place of service when the caller supplies it.
///
/// Works on the segment's bytes: no string is built unless something is wrong.
struct X12ElementValidator: Sendable {
    struct Issue: Sendable, Equatable {
        var code: X12ProblemCode
        var element: Int
        /// 0 for a simple element.
        var component: Int = 0
        var dataElement: Int = 0
        /// The value (for IK404) when it is not empty.
        var value: String?
    }

    /// Valid place of service codes (the CMS place of service code set); nil checks nothing more than
    /// the element's type and length.
    var placeOfServiceCodes: Set<String>?
    private let packedPlaces: X12CodeSet?

    init(placeOfServiceCodes: Set<String>?) {
        self.placeOfServiceCodes = placeOfServiceCodes
        packedPlaces = placeOfServiceCodes.map { X12CodeSet($0) }
    }

    func validate(_ segment: X12Segment, _ node: X12TransactionMap.SegmentRules, into issues: inout [Issue]) {
        // Every table the checks read, borrowed once per segment: no reference counting per element.
        segment.byteStorage.withUnsafeBufferPointer { allBytes in
            segment.separatorStorage.withUnsafeBufferPointer { allSeparators in
                node.elements.withUnsafeBufferPointer { rules in
                    node.components.withUnsafeBufferPointer { components in
                        node.codeValues.withUnsafeBufferPointer { codes in
                            X12ElementValidator.classes.withUnsafeBufferPointer { classes in
                                let tables = Tables(bytes: UnsafeBufferPointer(rebasing: allBytes[0..<segment.length]),
                                                    separators: UnsafeBufferPointer(rebasing: allSeparators[0..<segment.separatorCount]),
                                                    component: segment.delimiters.component,
                                                    rules: rules, components: components, codes: codes, classes: classes)
                                validate(tables, node, into: &issues)
                            }
                        }
                    }
                }
            }
        }
    }

    private typealias Rule = X12TransactionMap.SegmentRules.Rule

    /// One segment's bytes and element separators, and its node's rule rows, code values and the byte
    /// classes, valid while `validate` runs.
    private struct Tables {
        let bytes: UnsafeBufferPointer<UInt8>
        let separators: UnsafeBufferPointer<Int>
        let component: UInt8
        let rules: UnsafeBufferPointer<Rule>
        let components: UnsafeBufferPointer<Rule>
        let codes: UnsafeBufferPointer<UInt64>
        let classes: UnsafeBufferPointer<UInt8>

        /// The byte range of element `n` (1-based); empty when absent (as `X12Segment.range`).
        @inline(__always)
        func range(_ n: Int) -> Range<Int> {
            guard n >= 1, n <= separators.count else { return bytes.count..<bytes.count }
            let start = separators[n - 1] + 1
            let end = n < separators.count ? separators[n] : bytes.count
            return start..<end
        }

        @inline(__always)
        func has(_ n: Int) -> Bool { !range(n).isEmpty }
    }

    private func validate(_ t: Tables, _ node: X12TransactionMap.SegmentRules, into issues: inout [Issue]) {
        let count = t.separators.count
        let standard = node.standardElements
        if count > standard {
            issues.append(Issue(code: .elementTooMany, element: standard + 1, value: nil))
        }
        let present = min(count, standard)
        var position = 1
        while position <= present {
            // Rules are read in place (a row is 11 words; copying one per element costs more than checking it).
            if position <= t.rules.count, let base = t.rules.baseAddress {
                let rule = base + (position - 1)
                if rule.pointee.componentStart >= 0 {
                    validateComposite(t, position, rule, node, into: &issues)
                } else {
                    let range = t.range(position)
                    let dated = rule.pointee.dateTimePeriod
                    if dated || rule.pointee.shortCheck == 0 || !X12ElementValidator.passesShortCheck(t, range, rule) {
                        validate(t, range, rule, node, element: position, component: 0,
                                 formats: dated ? dateFormats(t, node) : 0,
                                 firstOfSituationalComposite: false, into: &issues)
                    }
                }
            } else {
                withUnsafePointer(to: Rule.unused) { unused in
                    validate(t, t.range(position), unused, node, element: position, component: 0, formats: 0,
                             firstOfSituationalComposite: false, into: &issues)
                }
            }
            position += 1
        }
        if count < t.rules.count {
            var p = count + 1
            while p <= t.rules.count {
                let rule = t.rules[p - 1]
                if rule.required {
                    issues.append(Issue(code: .elementMissing, element: p,
                                        dataElement: rule.componentStart >= 0 ? t.components[rule.componentStart].dataElement : rule.dataElement))
                }
                p += 1
            }
        }
        if !node.syntaxRows.isEmpty {
            node.syntaxRows.withUnsafeBufferPointer { rows in
                node.syntaxPositions.withUnsafeBufferPointer { positions in
                    for row in rows {
                        checkSyntax(t, row.kind, UnsafeBufferPointer(rebasing: positions[Int(row.start)..<Int(row.start + row.count)]),
                                    into: &issues)
                    }
                }
            }
        }
    }

    private func validateComposite(_ t: Tables, _ position: Int, _ composite: UnsafePointer<Rule>,
                                   _ node: X12TransactionMap.SegmentRules, into issues: inout [Issue]) {
        let rule = composite.pointee
        let range = t.range(position)
        let separator = t.component
        let buffer = t.bytes
        var empty = true
        var present = range.isEmpty ? 0 : 1
        for i in range {
            if buffer[i] == separator { present += 1 } else { empty = false }
        }
        if empty {
            if rule.required {
                issues.append(Issue(code: .elementMissing, element: position, dataElement: t.components[rule.componentStart].dataElement))
            }
            return
        }
        if !rule.used {
            issues.append(Issue(code: .elementNotUsed, element: position))
            return
        }
        if present > rule.standardComponents {
            issues.append(Issue(code: .componentTooMany, element: position, component: rule.standardComponents + 1))
        }
        // Walk the components in one pass over the element.
        var c = 1
        var start = range.lowerBound
        var i = range.lowerBound
        while c <= rule.standardComponents {
            var end = range.upperBound
            if c <= present {
                i = start
                while i < range.upperBound && buffer[i] != separator { i += 1 }
                end = i
            } else {
                start = range.upperBound
            }
            if start >= end {
                // An empty or absent component: only a required one is noted (a component the guide does
                // not use is never required).
                if c <= rule.componentCount {
                    let index = rule.componentStart + c - 1
                    if t.components[index].required && !(c == 1 && !rule.required) {
                        issues.append(Issue(code: .elementMissing, element: position, component: c, dataElement: t.components[index].dataElement))
                    }
                }
            } else if c <= rule.componentCount, let base = t.components.baseAddress {
                let row = base + (rule.componentStart + c - 1)
                if row.pointee.shortCheck == 0 || !X12ElementValidator.passesShortCheck(t, start..<end, row) {
                    validate(t, start..<end, row, node, element: position, component: c, formats: 0,
                             firstOfSituationalComposite: c == 1 && !rule.required, into: &issues)
                }
            } else {
                withUnsafePointer(to: Rule.unused) { unused in
                    validate(t, start..<end, unused, node, element: position, component: c, formats: 0,
                             firstOfSituationalComposite: c == 1 && !rule.required, into: &issues)
                }
            }
            start = min(end + 1, range.upperBound)
            c += 1
        }
    }

    /// The date formats a date-time period must follow, one bit per format (X12.6: it is read by its
    /// format qualifier, DTP02 in a DTP segment, the guide's qualifier codes elsewhere); 0 when the
    /// qualifier is not a format.
    private func dateFormats(_ t: Tables, _ node: X12TransactionMap.SegmentRules) -> UInt8 {
        guard node.isDTP else { return node.dateFormatMask }
        guard let packed = X12Segment.packed(t.bytes, t.range(2)), let format = X12DateFormat(packed: packed) else { return 0 }
        return format.bit
    }

    /// The codes one value breaks, in the order found, kept inline (no array per value checked).
    private struct Found {
        private var packed: UInt64 = 0
        private var count = 0
        private static let table: [X12ProblemCode] = [.elementNotUsed, .elementTooShort, .elementTooLong, .elementCharacter,
                                                       .elementCode, .elementDate, .elementTime]

        var isEmpty: Bool { count == 0 }

        mutating func append(_ code: X12ProblemCode) {
            guard count < 8, let index = Found.table.firstIndex(of: code) else { return }
            packed |= UInt64(index) << (8 * UInt64(count))
            count += 1
        }

        var codes: [X12ProblemCode] {
            (0..<count).map { Found.table[Int((packed >> (8 * UInt64($0))) & 0xFF)] }
        }
    }

    @inline(__always)
    private func validate(_ t: Tables, _ range: Range<Int>, _ row: UnsafePointer<Rule>, _ node: X12TransactionMap.SegmentRules,
                          element: Int, component: Int, formats: UInt8, firstOfSituationalComposite: Bool, into issues: inout [Issue]) {
        if range.isEmpty {
            if row.pointee.required && !firstOfSituationalComposite {
                issues.append(Issue(code: .elementMissing, element: element, component: component, dataElement: row.pointee.dataElement))
            }
            return
        }
        let value = UnsafeBufferPointer(rebasing: t.bytes[range])
        var found = Found()
        if !row.pointee.used {
            found.append(.elementNotUsed)
        } else {
            // One pass over the value with a class table: length, control characters, the extended
            // character set, and the shape of N and R numbers.
            let numeric = row.pointee.type == .decimal || row.pointee.type == .numeric
            var classes: UInt8 = 0
            var numberOK = true
            var seenPoint = false, digitsAfterPoint = 0, digits = 0
            var length = value.count
            if numeric {
                length = 0
                for (k, b) in value.enumerated() {
                    let c = t.classes[Int(b)]
                    classes |= c
                    if b == UInt8(ascii: "-") {
                        if k != 0 { numberOK = false }
                        continue
                    }
                    if b == UInt8(ascii: ".") {
                        if seenPoint || row.pointee.type == .numeric { numberOK = false }
                        seenPoint = true
                        continue
                    }
                    if c & X12ElementValidator.digit == 0 { numberOK = false }
                    digits += 1
                    if seenPoint { digitsAfterPoint += 1 }
                    length += 1
                }
            } else {
                for b in value { classes |= t.classes[Int(b)] }
            }
            if length < row.pointee.minLength { found.append(.elementTooShort) }
            if length > row.pointee.maxLength { found.append(.elementTooLong) }
            if classes & X12ElementValidator.control != 0 {
                found.append(.elementCharacter)
            } else {
                if row.pointee.type == .alphanumeric || row.pointee.type == .identifier, value[value.count - 1] == UInt8(ascii: " ") {
                    var trimmed = value.count
                    while trimmed > 0 && value[trimmed - 1] == UInt8(ascii: " ") { trimmed -= 1 }
                    if trimmed >= row.pointee.minLength { found.append(.elementCharacter) }
                }
                if row.pointee.codeSet >= 0 {
                    var known = false
                    if let packed = X12Segment.packed(t.bytes, range) {
                        if row.pointee.codeCount >= 0 {
                            var k = Int(row.pointee.codeStart)
                            let end = k + Int(row.pointee.codeCount)
                            while k < end {
                                if t.codes[k] == packed {
                                    known = true
                                    break
                                }
                                k += 1
                            }
                        } else {
                            known = node.codeSets[row.pointee.codeSet].contains(packed)
                        }
                    }
                    if !known { found.append(.elementCode) }
                } else if row.pointee.placeOfService, let valid = packedPlaces {
                    if !(X12Segment.packed(t.bytes, range).map { valid.contains($0) } ?? false) { found.append(.elementCode) }
                }
                let typeOK: Bool
                switch row.pointee.type {
                case .numeric: typeOK = numberOK && digits > 0
                case .decimal: typeOK = numberOK && (!seenPoint || digitsAfterPoint > 0)
                case .alphanumeric, .identifier: typeOK = classes & X12ElementValidator.outsideExtended == 0
                case .date, .time, .binary: typeOK = X12ElementValidator.hasValidType(value, row.pointee.type)
                }
                if !typeOK {
                    switch row.pointee.type {
                    case .date: found.append(.elementDate)
                    case .time: found.append(.elementTime)
                    default: found.append(.elementCharacter)
                    }
                }
                if formats != 0, !X12DateFormat.all.contains(where: { formats & $0.bit != 0 && X12ElementValidator.isValid(value, format: $0) }) {
                    found.append(formats & X12DateFormat.tm.bit != 0 ? .elementTime : .elementDate)
                }
            }
        }
        guard !found.isEmpty else { return }
        let text = String(decoding: value, as: UTF8.self)
        for code in found.codes {
            issues.append(Issue(code: code, element: element, component: component, dataElement: row.pointee.dataElement, value: text))
        }
    }

    /// The common values settled in one pass: an AN or ID value of the extended character set within
    /// its lengths, without trailing spaces, one of its short code list if it has one; an N or R value
    /// of digits (R: with at most one decimal point followed by a digit) within its lengths. False
    /// means only "not settled here" (the full check decides, and reports; an empty value is never
    /// settled here).
    @inline(__always)
    private static func passesShortCheck(_ t: Tables, _ range: Range<Int>, _ row: UnsafePointer<Rule>) -> Bool {
        let kind = row.pointee.shortCheck
        guard kind != 0, range.lowerBound >= 0, range.upperBound <= t.bytes.count, !range.isEmpty,
              let base = t.bytes.baseAddress, let classes = t.classes.baseAddress else { return false }
        let p = base + range.lowerBound
        let count = range.count
        guard count >= row.pointee.minLength else { return false }
        if kind == Rule.plainText {
            guard count <= row.pointee.maxLength, p[count - 1] != UInt8(ascii: " ") else { return false }
            var found: UInt8 = 0
            var k = 0
            while k < count {
                found |= classes[Int(p[k])]
                k += 1
            }
            guard found & (X12ElementValidator.control | X12ElementValidator.outsideExtended) == 0 else { return false }
            let codeCount = Int(row.pointee.codeCount)
            guard row.pointee.codeSet >= 0 else { return true }
            guard count <= 8, codeCount > 0, let codes = t.codes.baseAddress else { return false }
            var packed: UInt64 = 0
            k = count
            while k > 0 {
                k -= 1
                packed = packed << 8 | UInt64(p[k])
            }
            let first = codes + Int(row.pointee.codeStart)
            var c = 0
            while c < codeCount {
                if first[c] == packed { return true }
                c += 1
            }
            return false
        }
        // plainNumber: digits, and for R one decimal point not at the end.
        let decimal = row.pointee.type == .decimal
        var point = -1
        var k = 0
        while k < count {
            let b = p[k]
            if b &- 48 > 9 {
                guard b == UInt8(ascii: "."), decimal, point < 0 else { return false }
                point = k
            }
            k += 1
        }
        let digits = point < 0 ? count : count - 1
        return digits > 0 && point != count - 1 && digits >= row.pointee.minLength && digits <= row.pointee.maxLength
    }

    private func checkSyntax(_ t: Tables, _ kind: UInt8, _ positions: UnsafeBufferPointer<Int>, into issues: inout [Issue]) {
        guard let first = positions.first else { return }
        var present = 0
        for p in positions where t.has(p) { present += 1 }
        let violated: Bool
        switch kind {
        case UInt8(ascii: "P"): violated = present != 0 && present != positions.count
        case UInt8(ascii: "R"): violated = present == 0
        case UInt8(ascii: "E"): violated = present > 1
        case UInt8(ascii: "C"): violated = t.has(first) && present != positions.count
        case UInt8(ascii: "L"): violated = t.has(first) && present == 1
        default: violated = false
        }
        if violated {
            issues.append(Issue(code: kind == UInt8(ascii: "E") ? .elementExclusion : .elementConditional, element: first))
        }
    }

    /// X12.6 type rules: N and R numbers, the extended character set for AN and ID, dates and times.
    static func hasValidType(_ bytes: UnsafeBufferPointer<UInt8>, _ type: X12ElementSpec.DataType) -> Bool {
        var i = 0
        let n = bytes.count
        switch type {
        case .numeric:
            if i < n && bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < n else { return false }
            while i < n {
                guard bytes[i] >= 48 && bytes[i] <= 57 else { return false }
                i += 1
            }
            return true
        case .decimal:
            if i < n && bytes[i] == UInt8(ascii: "-") { i += 1 }
            while i < n && bytes[i] >= 48 && bytes[i] <= 57 { i += 1 }
            if i == n { return true }
            guard bytes[i] == UInt8(ascii: ".") else { return false }
            i += 1
            guard i < n else { return false }
            while i < n {
                guard bytes[i] >= 48 && bytes[i] <= 57 else { return false }
                i += 1
            }
            return true
        case .alphanumeric, .identifier:
            for b in bytes where !isExtendedCharacter(b) { return false }
            return true
        case .date:
            return isValid(bytes, format: n == 6 ? .d6 : .d8)
        case .time:
            return isValid(bytes, format: .tm)
        case .binary:
            return true
        }
    }

    static let digit: UInt8 = 1, control: UInt8 = 2, outsideExtended: UInt8 = 4

    /// Character classes of every byte value (digit, control character, outside the extended set).
    static let classes: [UInt8] = (0...255).map { b -> UInt8 in
        let byte = UInt8(b)
        var c: UInt8 = 0
        if byte >= 48 && byte <= 57 { c |= digit }
        if byte < 0x20 || byte == 0x7F { c |= control }
        if !isExtendedCharacter(byte) { c |= outsideExtended }
        return c
    }

    /// The X12 extended character set (version 00501): letters, digits, space and
    /// ! " & ' ( ) * + , - . / : ; ? = % ~ @ [ ] _ { } \ | < > ^ ` # $
    @inline(__always)
    static func isExtendedCharacter(_ b: UInt8) -> Bool {
        if (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) { return true }
        switch b {
        case 0x20, 0x21, 0x22, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x3A, 0x3B, 0x3F, 0x3D,
             0x25, 0x7E, 0x40, 0x5B, 0x5D, 0x5F, 0x7B, 0x7D, 0x5C, 0x7C, 0x3C, 0x3E, 0x5E, 0x60, 0x23, 0x24:
            return true
        default:
            return false
        }
    }

    /// A value in a date-time format: D8 `CCYYMMDD`, D6 `YYMMDD`, RD8 `CCYYMMDD-CCYYMMDD`, DT
    /// `CCYYMMDDHHMM`, TM `HHMM[SS[d..]]`.
    static func isValid(_ b: UnsafeBufferPointer<UInt8>, format: X12DateFormat) -> Bool {
        switch format {
        case .d8: return X12Date(b) != nil
        case .d6: return b.count == 6 && X12Date(century: 20, b) != nil
        case .rd8:
            guard b.count == 17, b[8] == UInt8(ascii: "-") else { return false }
            return X12Date(UnsafeBufferPointer(rebasing: b[0..<8])) != nil && X12Date(UnsafeBufferPointer(rebasing: b[9..<17])) != nil
        case .dt:
            guard b.count == 12 || b.count == 8 else { return b.count == 6 && isValid(b, format: .d6) }
            return X12Date(UnsafeBufferPointer(rebasing: b[0..<8])) != nil
                && (b.count == 8 || isValid(UnsafeBufferPointer(rebasing: b[8...]), format: .tm))
        case .tm:
            guard b.count >= 4, b.count <= 8 else { return false }
            for d in b where d < 48 || d > 57 { return false }
            let hh = Int(b[0] - 48) * 10 + Int(b[1] - 48), mm = Int(b[2] - 48) * 10 + Int(b[3] - 48)
            let ss = b.count >= 6 ? Int(b[4] - 48) * 10 + Int(b[5] - 48) : 0
            return hh < 24 && mm < 60 && ss < 60
        }
    }
}

/// The date-time period formats of X12 (data element 1250) the reader checks.
enum X12DateFormat: Sendable, Equatable {
    case d8, rd8, d6, dt, tm

    /// Every format, in the order they are tried.
    static let all: [X12DateFormat] = [.d8, .rd8, .d6, .dt, .tm]

    /// The format's bit in a set of formats.
    var bit: UInt8 {
        switch self {
        case .d8: return 1
        case .rd8: return 2
        case .d6: return 4
        case .dt: return 8
        case .tm: return 16
        }
    }

    init?(_ code: String) {
        switch code {
        case "D8": self = .d8
        case "RD8": self = .rd8
        case "D6": self = .d6
        case "DT": self = .dt
        case "TM": self = .tm
        default: return nil
        }
    }

    private static let d8Packed = X12ElementSpec.pack(Array("D8".utf8)), rd8Packed = X12ElementSpec.pack(Array("RD8".utf8))
    private static let d6Packed = X12ElementSpec.pack(Array("D6".utf8)), dtPacked = X12ElementSpec.pack(Array("DT".utf8))
    private static let tmPacked = X12ElementSpec.pack(Array("TM".utf8))

    init?(packed: UInt64) {
        switch packed {
        case X12DateFormat.d8Packed: self = .d8
        case X12DateFormat.rd8Packed: self = .rd8
        case X12DateFormat.d6Packed: self = .d6
        case X12DateFormat.dtPacked: self = .dt
        case X12DateFormat.tmPacked: self = .tm
        default: return nil
        }
    }
}

/// A calendar date in X12's `CCYYMMDD` form (X12 carries no time zone; the reader needs validity only).
public struct X12Date: Sendable, Hashable {
    public let year: Int, month: Int, day: Int

    /// Exactly eight ASCII digits forming a real Gregorian date (six with `century`: YYMMDD).
    init?(century: Int? = nil, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == (century == nil ? 8 : 6) else { return nil }
        var v = century ?? 0
        for b in bytes {
            guard b >= 48 && b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        let y = v / 10000, m = (v / 100) % 100, d = v % 100
        guard y >= 1, m >= 1, m <= 12, d >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31)
        guard d <= days else { return nil }
        year = y
        month = m
        day = d
    }

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let date = bytes.withUnsafeBufferPointer({ X12Date($0) }) else { return nil }
        self = date
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
