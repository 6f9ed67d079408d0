/// The syntax of a `Host` field value and of the authority of an absolute-form target:
/// `uri-host [ ":" port ]` (RFC 9112 §3.2, RFC 9110 §7.2), with `uri-host` from RFC 3986 §3.2.2
/// (IP-literal in brackets, IPv4address, reg-name) and `port = *DIGIT` (RFC 3986 §3.2.3).
///
/// Where we are stricter than the grammar, and why:
/// - a port above 65535 is refused (it cannot name a TCP port);
/// - a comma is refused although reg-name admits it as a sub-delim: Host is a singleton field, and a
///   comma is what a recipient that joined two Host lines into a list would produce (RFC 9110 §5.3),
///   the very ambiguity a repeated Host is refused for;
/// - the host may be empty only when the whole value is: an empty field value is what RFC 9112 §3.2
///   tells a client to send for a target without an authority, while an `http` or `https` authority
///   with an empty host and a port (`:80`) is invalid (RFC 9110 §4.2.1, §4.2.2).
/// IPv6 zone identifiers (RFC 6874) and userinfo (`user@host`, RFC 9110 §4.2.4) are not accepted.
enum HostSyntax {
    /// Whether `p[range]` is a valid host with an optional port. `allowEmpty` admits an empty value
    /// (a Host field); an absolute-form target must name a host.
    static func isValid(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, allowEmpty: Bool) -> Bool {
        if range.isEmpty { return allowEmpty }
        var i = range.lowerBound
        let end = range.upperBound
        if p[i] == 91 { // "[" IP-literal "]"
            var close = i + 1
            while close < end && p[close] != 93 { close += 1 }
            guard close < end, isIPLiteral(p, (i + 1)..<close) else { return false }
            i = close + 1
        } else {
            let start = i
            while i < end && p[i] != 58 { // ":"
                let b = p[i]
                if b == 37 { // "%" HEXDIG HEXDIG
                    guard i + 2 < end, ByteClass.hexValue(p[i + 1]) != nil, ByteClass.hexValue(p[i + 2]) != nil else { return false }
                    i += 3
                    continue
                }
                guard isRegNameByte(b) else { return false }
                i += 1
            }
            guard i > start else { return false }
        }
        if i == end { return true }
        guard p[i] == 58 else { return false }
        return isPort(p, (i + 1)..<end)
    }

    /// unreserved / sub-delims, without the comma (see the type's comment).
    private static func isRegNameByte(_ b: UInt8) -> Bool {
        switch b {
        case 48...57, 65...90, 97...122: return true
        case 45, 46, 95, 126: return true // - . _ ~
        case 33, 36, 38, 39, 40, 41, 42, 43, 59, 61: return true // ! $ & ' ( ) * + ; =
        default: return false
        }
    }

    /// port = *DIGIT, at most 65535 (leading zeros allowed, as the grammar allows them).
    private static func isPort(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var value = 0
        for k in range {
            guard ByteClass.isDigit(p[k]) else { return false }
            value = value * 10 + Int(p[k] - 48)
            if value > 65535 { return false }
        }
        return true
    }

    /// IP-literal contents: IPv6address or IPvFuture (RFC 3986 §3.2.2).
    private static func isIPLiteral(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        if p[range.lowerBound] | 0x20 == 118 { return isIPvFuture(p, range) } // "v"
        return isIPv6(p, range)
    }

    /// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
    private static func isIPvFuture(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound + 1
        let end = range.upperBound
        let hexStart = i
        while i < end && ByteClass.hexValue(p[i]) != nil { i += 1 }
        guard i > hexStart, i < end, p[i] == 46 else { return false }
        i += 1
        guard i < end else { return false }
        while i < end {
            // The comma is a sub-delim here and cannot be mistaken for a list inside brackets.
            guard isRegNameByte(p[i]) || p[i] == 58 || p[i] == 44 else { return false }
            i += 1
        }
        return true
    }

    /// IPv6address (RFC 3986 §3.2.2): eight 16-bit pieces of 1 to 4 hex digits separated by colons,
    /// the last two possibly written as an IPv4address, or fewer pieces with one "::".
    static func isIPv6(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        let end = range.upperBound
        var pieces = 0
        var compressed = false
        guard end - i >= 2 else { return false }
        if p[i] == 58 {
            guard p[i + 1] == 58 else { return false }
            compressed = true
            i += 2
        }
        while i < end {
            let start = i
            while i < end && i - start < 5 && ByteClass.hexValue(p[i]) != nil { i += 1 }
            if i < end && p[i] == 46 { // "." : the rest is an IPv4address standing for two pieces
                guard isIPv4(p, start..<end) else { return false }
                pieces += 2
                i = end
                break
            }
            guard i - start >= 1 && i - start <= 4 else { return false }
            pieces += 1
            if i == end { break }
            guard p[i] == 58 else { return false }
            i += 1
            if i < end && p[i] == 58 {
                guard !compressed else { return false }
                compressed = true
                i += 1
            } else if i == end {
                return false // a single trailing colon
            }
        }
        return compressed ? pieces <= 7 : pieces == 8
    }

    /// IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet, each 0-255 without
    /// leading zeros.
    static func isIPv4(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        let end = range.upperBound
        for octet in 0..<4 {
            if octet > 0 {
                guard i < end, p[i] == 46 else { return false }
                i += 1
            }
            let start = i
            var value = 0
            while i < end && i - start < 3 && ByteClass.isDigit(p[i]) {
                value = value * 10 + Int(p[i] - 48)
                i += 1
            }
            let digits = i - start
            guard digits >= 1, value <= 255, digits == 1 || p[start] != 48 else { return false }
        }
        return i == end
    }
}
