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
        segment.bytes.withUnsafeBufferPointer { buffer in
            node.elements.withUnsafeBufferPointer { rules in
                validate(segment, buffer, node, rules, into: &issues)
            }
        }
    }

    private typealias Rule = X12TransactionMap.SegmentRules.Rule

    private func validate(_ segment: X12Segment, _ buffer: UnsafeBufferPointer<UInt8>, _ node: X12TransactionMap.SegmentRules,
                          _ rules: UnsafeBufferPointer<Rule>, into issues: inout [Issue]) {
        let count = segment.elementCount
        let standard = node.standardElements
        if count > standard {
            issues.append(Issue(code: .elementTooMany, element: standard + 1, value: nil))
        }
        let present = min(count, standard)
        var position = 1
        while position <= present {
            let rule = position <= rules.count ? rules[position - 1] : Rule.unused
            if rule.componentStart >= 0 {
                validateComposite(segment, buffer, position, rule, node, into: &issues)
            } else {
                validate(segment, buffer, segment.range(position), rule, node, element: position, component: 0,
                         formats: rule.dateTimePeriod ? dateFormats(segment, buffer, node) : nil,
                         firstOfSituationalComposite: false, into: &issues)
            }
            position += 1
        }
        for p in node.requiredPositions where p > count {
            let rule = rules[p - 1]
            issues.append(Issue(code: .elementMissing, element: p,
                                dataElement: rule.componentStart >= 0 ? node.components[rule.componentStart].dataElement : rule.dataElement))
        }
        for rule in node.syntax {
            checkSyntax(segment, rule.kind, rule.positions, into: &issues)
        }
    }

    private func validateComposite(_ segment: X12Segment, _ buffer: UnsafeBufferPointer<UInt8>, _ position: Int,
                                   _ rule: Rule, _ node: X12TransactionMap.SegmentRules, into issues: inout [Issue]) {
        let range = segment.range(position)
        let separator = segment.delimiters.component
        var empty = true
        var present = range.isEmpty ? 0 : 1
        for i in range {
            if buffer[i] == separator { present += 1 } else { empty = false }
        }
        if empty {
            if rule.required {
                issues.append(Issue(code: .elementMissing, element: position, dataElement: node.components[rule.componentStart].dataElement))
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
            let componentRule = c <= rule.componentCount ? node.components[rule.componentStart + c - 1] : Rule.unused
            validate(segment, buffer, start..<end, componentRule, node, element: position, component: c, formats: nil,
                     firstOfSituationalComposite: c == 1 && !rule.required, into: &issues)
            start = min(end + 1, range.upperBound)
            c += 1
        }
    }

    /// The date formats a date-time period must follow (X12.6: it is read by its format qualifier, DTP02
    /// in a DTP segment, the guide's qualifier codes elsewhere); empty when the qualifier is not a format.
    private func dateFormats(_ segment: X12Segment, _ buffer: UnsafeBufferPointer<UInt8>,
                             _ node: X12TransactionMap.SegmentRules) -> [X12DateFormat] {
        guard node.isDTP else { return node.dateFormats }
        guard let packed = X12Segment.packed(buffer, segment.range(2)), let format = X12DateFormat(packed: packed) else { return [] }
        return [format]
    }

    private func validate(_ segment: X12Segment, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ rule: Rule,
                          _ node: X12TransactionMap.SegmentRules, element: Int, component: Int, formats: [X12DateFormat]?,
                          firstOfSituationalComposite: Bool, into issues: inout [Issue]) {
        if range.isEmpty {
            if rule.required && !firstOfSituationalComposite {
                issues.append(Issue(code: .elementMissing, element: element, component: component, dataElement: rule.dataElement))
            }
            return
        }
        let value = UnsafeBufferPointer(rebasing: bytes[range])
        var found: [X12ProblemCode] = []
        if !rule.used {
            found.append(.elementNotUsed)
        } else {
            // One pass over the value with a class table: length, control characters, the extended
            // character set, and the shape of N and R numbers.
            let numeric = rule.type == .decimal || rule.type == .numeric
            var length = 0
            var classes: UInt8 = 0
            var numberOK = true
            var seenPoint = false, digitsAfterPoint = 0, digits = 0
            for (k, b) in value.enumerated() {
                let c = X12ElementValidator.classes[Int(b)]
                classes |= c
                if numeric {
                    if b == UInt8(ascii: "-") {
                        if k != 0 { numberOK = false }
                        continue
                    }
                    if b == UInt8(ascii: ".") {
                        if seenPoint || rule.type == .numeric { numberOK = false }
                        seenPoint = true
                        continue
                    }
                    if c & X12ElementValidator.digit == 0 { numberOK = false }
                    digits += 1
                    if seenPoint { digitsAfterPoint += 1 }
                }
                length += 1
            }
            if length < rule.minLength { found.append(.elementTooShort) }
            if length > rule.maxLength { found.append(.elementTooLong) }
            if classes & X12ElementValidator.control != 0 {
                found.append(.elementCharacter)
            } else {
                if rule.type == .alphanumeric || rule.type == .identifier, value[value.count - 1] == UInt8(ascii: " ") {
                    var trimmed = value.count
                    while trimmed > 0 && value[trimmed - 1] == UInt8(ascii: " ") { trimmed -= 1 }
                    if trimmed >= rule.minLength { found.append(.elementCharacter) }
                }
                if rule.codeSet >= 0 {
                    if !(X12Segment.packed(bytes, range).map { node.codeSets[rule.codeSet].contains($0) } ?? false) {
                        found.append(.elementCode)
                    }
                } else if rule.placeOfService, let valid = packedPlaces {
                    if !(X12Segment.packed(bytes, range).map { valid.contains($0) } ?? false) { found.append(.elementCode) }
                }
                let typeOK: Bool
                switch rule.type {
                case .numeric: typeOK = numberOK && digits > 0
                case .decimal: typeOK = numberOK && (!seenPoint || digitsAfterPoint > 0)
                case .alphanumeric, .identifier: typeOK = classes & X12ElementValidator.outsideExtended == 0
                case .date, .time, .binary: typeOK = X12ElementValidator.hasValidType(value, rule.type)
                }
                if !typeOK {
                    switch rule.type {
                    case .date: found.append(.elementDate)
                    case .time: found.append(.elementTime)
                    default: found.append(.elementCharacter)
                    }
                }
                if let formats, !formats.isEmpty, !formats.contains(where: { X12ElementValidator.isValid(value, format: $0) }) {
                    found.append(formats.contains(.tm) ? .elementTime : .elementDate)
                }
            }
        }
        guard !found.isEmpty else { return }
        let text = String(decoding: value, as: UTF8.self)
        for code in found {
            issues.append(Issue(code: code, element: element, component: component, dataElement: rule.dataElement, value: text))
        }
    }

    private func checkSyntax(_ segment: X12Segment, _ kind: Character, _ positions: [Int], into issues: inout [Issue]) {
        guard let first = positions.first else { return }
        var present = 0
        for p in positions where segment.has(p) { present += 1 }
        let violated: Bool
        switch kind {
        case "P": violated = present != 0 && present != positions.count
        case "R": violated = present == 0
        case "E": violated = present > 1
        case "C": violated = segment.has(first) && positions.dropFirst().contains { !segment.has($0) }
        case "L": violated = segment.has(first) && !positions.dropFirst().contains { segment.has($0) }
        default: violated = false
        }
        if violated {
            issues.append(Issue(code: kind == "E" ? .elementExclusion : .elementConditional, element: first))
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
