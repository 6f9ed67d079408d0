import HTTPServer

/// Content-Type checks for claim routes (RFC 9110 §8.3.1: type and subtype are case-insensitive,
/// parameters follow `;`) and the Accept choice of the FHIR route.
enum MediaType {
    /// True for `application/json` with no parameters other than `charset=utf-8` (any case, quoted or
    /// not). Reads the header in place: it runs on every claim request.
    static func isJSON(_ value: String?) -> Bool {
        matches(value) { $0.caseInsensitiveEquals("application/json") }
    }

    /// True for `application/x-ndjson` with no parameters other than `charset=utf-8` (NDJSON is UTF-8
    /// JSON texts, one per line).
    static func isNDJSON(_ value: String?) -> Bool {
        matches(value) { $0.caseInsensitiveEquals("application/x-ndjson") }
    }

    /// True for FHIR JSON: `application/fhir+json` (FHIR R4 §3.1.0.1.1), the legacy
    /// `application/json+fhir`, or `application/json`; a `charset` must be UTF-8 (other parameters, such as
    /// `fhirVersion`, are allowed).
    static func isFHIRJSON(_ value: String?) -> Bool {
        matches(value) { isFHIRType($0) || $0.caseInsensitiveEquals("application/json") }
    }

    private static func isFHIRType(_ type: Substring) -> Bool {
        type.caseInsensitiveEquals("application/fhir+json") || type.caseInsensitiveEquals("application/json+fhir")
    }

    /// True when an Accept header (RFC 9110 §12.5.1) ranks plain `application/json` above FHIR JSON: the
    /// client wants our scrub result rather than an OperationOutcome. Wildcards count for neither.
    static func prefersPlainJSON(_ accept: String?) -> Bool {
        guard let accept else { return false }
        var plain = 0.0, fhir = 0.0
        for range in accept.split(separator: ",") {
            var rest = range[...]
            let type = trimmed(next(&rest))
            var q = 1.0
            while !rest.isEmpty {
                let parameter = trimmed(next(&rest))
                guard let eq = parameter.firstIndex(of: "="), trimmed(parameter[..<eq]).caseInsensitiveEquals("q") else { continue }
                q = Double(trimmed(parameter[parameter.index(after: eq)...])) ?? 0
            }
            if type.caseInsensitiveEquals("application/json") { plain = max(plain, q) }
            if isFHIRType(type) { fhir = max(fhir, q) }
        }
        return plain > 0 && plain > fhir
    }

    /// True when the type before the parameters satisfies `type` and every `charset` parameter is UTF-8.
    private static func matches(_ value: String?, type: (Substring) -> Bool) -> Bool {
        guard let value else { return false }
        var parameters = value[...]
        guard type(trimmed(next(&parameters))) else { return false }
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

    /// True for `application/edi-x12` (RFC 1767; any case, any parameters).
    static func isEDIX12(_ value: String?) -> Bool {
        guard let value else { return false }
        var rest = value[...]
        return trimmed(next(&rest)).caseInsensitiveEquals("application/edi-x12")
    }

    /// True when an Accept header (RFC 9110 §12.5.1) ranks `application/edi-x12` above
    /// `application/json` (or equal and listed first): the client wants a 999 acknowledgment.
    static func prefersEDIX12(_ accept: String?) -> Bool {
        guard let accept else { return false }
        var edi = 0.0, json = 0.0
        var ediFirst = false
        for range in accept.split(separator: ",") {
            var rest = range[...]
            let type = trimmed(next(&rest))
            var q = 1.0
            while !rest.isEmpty {
                let parameter = trimmed(next(&rest))
                guard let eq = parameter.firstIndex(of: "="), trimmed(parameter[..<eq]).caseInsensitiveEquals("q") else { continue }
                q = Double(trimmed(parameter[parameter.index(after: eq)...])) ?? 0
            }
            if type.caseInsensitiveEquals("application/edi-x12") {
                if edi == 0 && json == 0 { ediFirst = true }
                edi = max(edi, q)
            }
            if type.caseInsensitiveEquals("application/json") { json = max(json, q) }
        }
        return edi > 0 && (edi > json || (edi == json && ediFirst))
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
