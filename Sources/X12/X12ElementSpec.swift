/// What an implementation guide says about one element (or one component of a composite).
struct X12ElementSpec: Sendable {
    /// X12 data element types (ASC X12.6).
    enum DataType: Sendable {
        case alphanumeric, identifier, decimal, numeric, date, time, binary
    }

    var used = true
    var required = false
    var type: DataType = .alphanumeric
    var minLength = 0
    var maxLength = Int.max
    /// The guide's code values (identifier elements with an internal code list).
    var codes: Set<String>?
    /// An external code list (`pos`, `states`, ...).
    var external: String?
    /// The data element reference number (IK402).
    var dataElement = 0
    /// A composite's components, and how many the standard defines.
    var components: [X12ElementSpec]?
    var standardComponents = 0

    /// Reads one token of the map text (see `X12Map837P`).
    init(token: Substring) {
        var t = token
        if t == "-" {
            used = false
            return
        }
        if t.first == "?" { t = t.dropFirst() } else { required = true }
        if t.first == "C", let open = t.firstIndex(of: "("), t.last == ")" {
            standardComponents = Int(t[t.index(after: t.startIndex)..<open]) ?? 0
            let inner = t[t.index(after: open)..<t.index(before: t.endIndex)]
            components = inner.split(separator: ";", omittingEmptySubsequences: false).map { X12ElementSpec(token: $0) }
            return
        }
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

    init() {}
}
