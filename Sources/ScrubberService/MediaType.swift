import HTTPServer

/// Content-Type checks for claim routes (RFC 9110 §8.3.1: type and subtype are case-insensitive,
/// parameters follow `;`).
enum MediaType {
    /// True for `application/json` with no parameters other than `charset=utf-8` (any case, quoted or
    /// not). Reads the header in place: it runs on every claim request.
    static func isJSON(_ value: String?) -> Bool {
        guard let value else { return false }
        var parameters = value[...]
        guard trimmed(next(&parameters)).caseInsensitiveEquals("application/json") else { return false }
        while !parameters.isEmpty {
            let parameter = trimmed(next(&parameters))
            if parameter.isEmpty { continue }
            guard let eq = parameter.firstIndex(of: "=") else { return false }
            var v = trimmed(parameter[parameter.index(after: eq)...])
            if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = v.dropFirst().dropLast() }
            if trimmed(parameter[..<eq]).caseInsensitiveEquals("charset") {
                // RFC 8259 §8.1: JSON exchanged between systems is UTF-8.
                guard v.caseInsensitiveEquals("utf-8") || v.caseInsensitiveEquals("utf8") else { return false }
            }
        }
        return true
    }

    /// The text up to the next `;` (all of it when there is none); `rest` moves past the `;`.
    private static func next(_ rest: inout Substring) -> Substring {
        guard let semicolon = rest.firstIndex(of: ";") else {
            defer { rest = rest[rest.endIndex...] }
            return rest
        }
        defer { rest = rest[rest.index(after: semicolon)...] }
        return rest[..<semicolon]
    }

    private static func trimmed(_ s: Substring) -> Substring {
        var sub = s
        while let f = sub.first, f == " " || f == "\t" { sub = sub.dropFirst() }
        while let l = sub.last, l == " " || l == "\t" { sub = sub.dropLast() }
        return sub
    }
}
