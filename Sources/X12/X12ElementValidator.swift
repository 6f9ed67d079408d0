/// Checks a segment's elements against the implementation guide's element table (X12.6 data element
/// types, lengths, code values, required and unused elements, syntax notes), the checks pyx12 makes.
/// External code lists are not checked, except place of service when the caller supplies it.
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

    /// Valid place of service codes (the CMS place of service code set); nil checks the shape only.
    var placeOfServiceCodes: Set<String>?

    func validate(_ segment: X12Segment, _ node: X12TransactionMap.Node, into issues: inout [Issue]) {
        let count = segment.elementCount
        let standard = node.standardElements
        if count > standard {
            issues.append(Issue(code: .elementTooMany, element: standard + 1, value: nil))
        }
        let unused = X12ElementSpec(token: "-")
        for position in 1...max(1, standard) where position <= standard {
            let spec = position <= node.elements.count ? node.elements[position - 1] : unused
            if position > count {
                if spec.required {
                    issues.append(Issue(code: .elementMissing, element: position, dataElement: spec.dataElement))
                }
                continue
            }
            if let components = spec.components {
                validateComposite(segment, position, spec, components, into: &issues)
            } else {
                let value = segment.element(position)
                validate(value, spec, element: position, component: 0, typeList: typeList(segment, node, position),
                         firstOfSituationalComposite: false, into: &issues)
            }
        }
        for rule in node.syntax {
            checkSyntax(segment, rule.kind, rule.positions, into: &issues)
        }
    }

    private func validateComposite(_ segment: X12Segment, _ position: Int, _ spec: X12ElementSpec,
                                   _ components: [X12ElementSpec], into issues: inout [Issue]) {
        let values = segment.components(position)
        let empty = values.allSatisfy(\.isEmpty)
        if empty {
            if spec.required {
                issues.append(Issue(code: .elementMissing, element: position, dataElement: components.first?.dataElement ?? 0))
            }
            return
        }
        if !spec.used {
            issues.append(Issue(code: .elementNotUsed, element: position))
            return
        }
        if values.count > spec.standardComponents {
            issues.append(Issue(code: .componentTooMany, element: position, component: spec.standardComponents + 1))
        }
        let unused = X12ElementSpec(token: "-")
        for c in 1...max(1, spec.standardComponents) where c <= spec.standardComponents {
            let componentSpec = c <= components.count ? components[c - 1] : unused
            let value = c <= values.count ? values[c - 1] : ""
            validate(value, componentSpec, element: position, component: c, typeList: nil,
                     firstOfSituationalComposite: c == 1 && !spec.required, into: &issues)
        }
    }

    /// The date formats element `position` must follow (X12.6: a date-time period is read by its
    /// format qualifier, DTP02 in a DTP segment, the guide's qualifier codes elsewhere).
    private func typeList(_ segment: X12Segment, _ node: X12TransactionMap.Node, _ position: Int) -> [String]? {
        let spec = node.elements[safe: position - 1]
        guard spec?.dataElement == 1251 else { return nil }
        if segment.id == .dtp {
            let format = segment.element(2)
            return ["RD8", "D8", "D6", "DT", "TM"].contains(format) ? [format] : []
        }
        var formats: [String] = []
        for earlier in node.elements.prefix(position - 1) where earlier.dataElement == 1250 {
            formats.append(contentsOf: earlier.codes ?? [])
        }
        return formats
    }

    private func validate(_ value: String, _ spec: X12ElementSpec, element: Int, component: Int, typeList: [String]?,
                          firstOfSituationalComposite: Bool, into issues: inout [Issue]) {
        func issue(_ code: X12ProblemCode) {
            issues.append(Issue(code: code, element: element, component: component, dataElement: spec.dataElement,
                                value: value.isEmpty ? nil : value))
        }
        if value.isEmpty {
            if spec.required && !firstOfSituationalComposite { issue(.elementMissing) }
            return
        }
        if !spec.used {
            issue(.elementNotUsed)
            return
        }
        let numeric = spec.type == .decimal || spec.type == .numeric
        var length = 0
        var control = false
        for b in value.utf8 {
            if b < 0x20 || b == 0x7F { control = true }
            if !(numeric && (b == UInt8(ascii: "-") || b == UInt8(ascii: "."))) { length += 1 }
        }
        if length < spec.minLength { issue(.elementTooShort) }
        if length > spec.maxLength { issue(.elementTooLong) }
        if control {
            issue(.elementCharacter)
            return
        }
        if (spec.type == .alphanumeric || spec.type == .identifier), value.utf8.last == UInt8(ascii: " "),
           value.utf8.reversed().drop(while: { $0 == UInt8(ascii: " ") }).count >= spec.minLength {
            issue(.elementCharacter)
        }
        if let codes = spec.codes, !codes.isEmpty, !codes.contains(value) {
            issue(.elementCode)
        } else if spec.external == "pos", let valid = placeOfServiceCodes, !valid.contains(value) {
            issue(.elementCode)
        }
        if !X12ElementValidator.hasValidType(value, spec.type) {
            switch spec.type {
            case .date: issue(.elementDate)
            case .time: issue(.elementTime)
            default: issue(.elementCharacter)
            }
        }
        if let formats = typeList, !formats.isEmpty {
            if !formats.contains(where: { X12ElementValidator.isValid(value, format: $0) }) {
                issue(formats.contains("TM") ? .elementTime : .elementDate)
            }
        }
    }

    private func checkSyntax(_ segment: X12Segment, _ kind: Character, _ positions: [Int], into issues: inout [Issue]) {
        guard let first = positions.first else { return }
        let present = positions.filter { segment.has($0) }.count
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
    static func hasValidType(_ value: String, _ type: X12ElementSpec.DataType) -> Bool {
        let bytes = Array(value.utf8)
        switch type {
        case .numeric:
            var digits = bytes[...]
            if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
            return !digits.isEmpty && digits.allSatisfy { $0 >= 48 && $0 <= 57 }
        case .decimal:
            var rest = bytes[...]
            if rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
            let whole = rest.prefix { $0 >= 48 && $0 <= 57 }
            rest = rest.dropFirst(whole.count)
            if rest.isEmpty { return true }
            guard rest.first == UInt8(ascii: ".") else { return false }
            let fraction = rest.dropFirst()
            return !fraction.isEmpty && fraction.allSatisfy { $0 >= 48 && $0 <= 57 }
        case .alphanumeric, .identifier:
            return bytes.allSatisfy(isExtendedCharacter)
        case .date:
            return isValid(value, format: bytes.count == 6 ? "D6" : "D8")
        case .time:
            return isValid(value, format: "TM")
        case .binary:
            return true
        }
    }

    /// The X12 extended character set (version 00501): letters, digits, space and
    /// ! " & ' ( ) * + , - . / : ; ? = % ~ @ [ ] _ { } \ | < > ^ ` # $
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
    static func isValid(_ value: String, format: String) -> Bool {
        let b = Array(value.utf8)
        switch format {
        case "D8": return X12Date(b[...]) != nil && b.count == 8
        case "D6": return b.count == 6 && X12Date(Array("20".utf8)[...] + b[...]) != nil
        case "RD8":
            guard b.count == 17, b[8] == UInt8(ascii: "-") else { return false }
            return X12Date(b[0..<8]) != nil && X12Date(b[9..<17]) != nil
        case "DT":
            guard b.count == 12 || b.count == 8 else { return b.count == 6 && isValid(value, format: "D6") }
            return X12Date(b[0..<8]) != nil && (b.count == 8 || isValid(String(decoding: b[8...], as: UTF8.self), format: "TM"))
        case "TM":
            guard b.count >= 4, b.count <= 8, b.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            let hh = Int(b[0] - 48) * 10 + Int(b[1] - 48), mm = Int(b[2] - 48) * 10 + Int(b[3] - 48)
            let ss = b.count >= 6 ? Int(b[4] - 48) * 10 + Int(b[5] - 48) : 0
            return hh < 24 && mm < 60 && ss < 60
        default:
            return true
        }
    }
}

/// A calendar date in X12's `CCYYMMDD` form (X12 carries no time zone; the reader needs validity only).
public struct X12Date: Sendable, Hashable {
    public let year: Int, month: Int, day: Int

    /// Exactly eight ASCII digits forming a real Gregorian date.
    init?(_ bytes: ArraySlice<UInt8>) {
        guard bytes.count == 8, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        var v = 0
        for b in bytes { v = v * 10 + Int(b - 48) }
        let y = v / 10000, m = (v / 100) % 100, d = v % 100
        guard y >= 1, m >= 1, m <= 12, d >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard d <= days else { return nil }
        year = y
        month = m
        day = d
    }

    public init?(_ text: String) { self.init(Array(text.utf8)[...]) }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
