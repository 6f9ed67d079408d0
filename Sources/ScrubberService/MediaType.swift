/// Content-Type checks for claim routes (RFC 9110 §8.3.1: type and subtype are case-insensitive,
/// parameters follow `;`).
enum MediaType {
    /// True for `application/json` with no parameters other than `charset=utf-8` (any case, quoted or not).
    static func isJSON(_ value: String?) -> Bool {
        guard let value else { return false }
        // What nearly every client sends; the general parse below allocates per part.
        if value == "application/json" { return true }
        var parts = value.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let essence = parts.next() else { return false }
        guard trimmed(essence).lowercased() == "application/json" else { return false }
        while let parameter = parts.next() {
            let p = trimmed(parameter)
            if p.isEmpty { continue }
            guard let eq = p.firstIndex(of: "=") else { return false }
            let name = trimmed(p[..<eq]).lowercased()
            var v = trimmed(p[p.index(after: eq)...])
            if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
            if name == "charset" {
                // RFC 8259 §8.1: JSON exchanged between systems is UTF-8.
                guard v.lowercased() == "utf-8" || v.lowercased() == "utf8" else { return false }
            }
        }
        return true
    }

    private static func trimmed<S: StringProtocol>(_ s: S) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == " " || f == "\t" { sub = sub.dropFirst() }
        while let l = sub.last, l == " " || l == "\t" { sub = sub.dropLast() }
        return String(sub)
    }
}
