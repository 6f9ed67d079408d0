import HTTPServer

/// Content-Type checks for claim routes (RFC 9110 §8.3.1: type and subtype are case-insensitive,
/// parameters follow `;`).
enum MediaType {
    /// True for `application/json` with no parameters other than `charset=utf-8` (any case, quoted or
    /// not). Reads the header in place: it runs on every claim request.
    static func isJSON(_ value: String?) -> Bool {
        isUTF8(value, type: "application/json")
    }

    /// True for `application/x-ndjson` with no parameters other than `charset=utf-8` (NDJSON is UTF-8
    /// JSON texts, one per line).
    static func isNDJSON(_ value: String?) -> Bool {
        isUTF8(value, type: "application/x-ndjson")
    }

    private static func isUTF8(_ value: String?, type: String) -> Bool {
        guard let value else { return false }
        var parameters = value[...]
        guard trimmed(next(&parameters)).caseInsensitiveEquals(type) else { return false }
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

    /// The request's content coding (RFC 9110 §8.4): none, gzip, or one we do not decode.
    enum ContentCoding: Equatable {
        case identity
        case gzip
        case unsupported
    }

    /// Reads `Content-Encoding`: absent, empty or `identity` is none; `gzip` (and its alias `x-gzip`,
    /// RFC 9110 §8.4.1.3) is gzip; anything else, or more than one coding, is unsupported.
    static func contentCoding(_ value: String?) -> ContentCoding {
        guard let value else { return .identity }
        var result = ContentCoding.identity
        var count = 0
        for element in value.split(separator: ",") {
            let coding = trimmed(element)
            if coding.isEmpty || coding.caseInsensitiveEquals("identity") { continue }
            count += 1
            result = coding.caseInsensitiveEquals("gzip") || coding.caseInsensitiveEquals("x-gzip") ? .gzip : .unsupported
        }
        return count > 1 ? .unsupported : result
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
