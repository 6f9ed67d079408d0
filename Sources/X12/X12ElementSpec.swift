/// What an implementation guide says about one element (or one component of a composite), as read from
/// the map text; `X12TransactionMap.SegmentRules` turns it into the rows the reader checks against.
final class X12ElementSpec: Sendable {
    /// X12 data element types (ASC X12.6).
    enum DataType: Sendable {
        case alphanumeric, identifier, decimal, numeric, date, time, binary
    }

    let used: Bool
    let required: Bool
    let type: DataType
    let minLength: Int
    let maxLength: Int
    /// The guide's code values (identifier elements with an internal code list).
    let codes: Set<String>?
    /// An external code list (`pos`, `states`, ...).
    let external: String?
    /// The data element reference number (IK402).
    let dataElement: Int
    /// A composite's components, and how many the standard defines.
    let components: [X12ElementSpec]?
    let standardComponents: Int

    /// Reads one token of the map text (see `X12Map837P`).
    init(token: Substring) {
        var t = token
        var used = true, required = false, type = DataType.alphanumeric, minLength = 0, maxLength = Int.max
        var codes: Set<String>?, external: String?, dataElement = 0
        var components: [X12ElementSpec]?, standardComponents = 0
        if t == "-" {
            used = false
        } else {
            if t.first == "?" { t = t.dropFirst() } else { required = true }
            if t.first == "C", let open = t.firstIndex(of: "("), t.last == ")" {
                standardComponents = Int(t[t.index(after: t.startIndex)..<open]) ?? 0
                let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
                components = inner.split(separator: ";", omittingEmptySubsequences: false).map { X12ElementSpec(token: $0) }
            } else {
                if let hash = t.lastIndex(of: "#") {
                    dataElement = Int(t[t.index(after: hash)...]) ?? 0
                    t = t[..<hash]
                }
                if let at = t.lastIndex(of: "@") {
                    external = String(t[t.index(after: at)...])
                    t = t[..<at]
                }
                var typeText = t
                if let colon = t.firstIndex(of: ":") {
                    codes = Set(t[t.index(after: colon)...].split(separator: ",").map(String.init))
                    typeText = t[..<colon]
                } else if let slash = t.firstIndex(of: "/") {
                    let bounds = t[t.index(after: slash)...].split(separator: "-")
                    minLength = bounds.first.flatMap { Int($0) } ?? 0
                    maxLength = bounds.count > 1 ? Int(bounds[1]) ?? Int.max : Int.max
                    typeText = t[..<slash]
                }
                switch typeText {
                case "ID": type = .identifier
                case "R": type = .decimal
                case "DT": type = .date
                case "TM": type = .time
                case "B": type = .binary
                case "AN": type = .alphanumeric
                default: type = typeText.hasPrefix("N") ? .numeric : .alphanumeric
                }
            }
        }
        self.used = used
        self.required = required
        self.type = type
        self.minLength = minLength
        self.maxLength = maxLength
        self.codes = codes
        self.external = external
        self.dataElement = dataElement
        self.components = components
        self.standardComponents = standardComponents
    }

    /// Up to 8 bytes packed like `X12Segment.packed`.
    static func pack(_ bytes: [UInt8]) -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in bytes.prefix(8).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }
}
