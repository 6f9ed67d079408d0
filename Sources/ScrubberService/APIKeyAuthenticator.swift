/// API-key authorization: `Authorization: Bearer KEY` (RFC 6750 §2.1); the key is hashed
/// with SHA-256 and compared in constant time with every configured hash, so neither the match
/// position nor a near-miss shows in the timing. Only names and hashes are configured, never keys.
public struct APIKeyAuthenticator: Sendable {
    /// One configured key.
    public struct Key: Sendable, Equatable {
        public var name: String
        /// The 32-byte SHA-256 digest of the key.
        public var digest: [UInt8]

        public init(name: String, digest: [UInt8]) {
            self.name = name
            self.digest = digest
        }
    }

    public enum Outcome: Sendable, Equatable {
        case granted(name: String)
        case missing
        case invalid
    }

    public let keys: [Key]
    private let hash: @Sendable ([UInt8]) -> [UInt8]
    private let equals: @Sendable ([UInt8], [UInt8]) -> Bool

    /// `hash` is SHA-256; `equals` a constant-time comparison of equal-length byte strings.
    public init(keys: [Key], hash: @escaping @Sendable ([UInt8]) -> [UInt8],
                equals: @escaping @Sendable ([UInt8], [UInt8]) -> Bool) {
        self.keys = keys
        self.hash = hash
        self.equals = equals
    }

    public var isEnabled: Bool { !keys.isEmpty }

    /// Checks an `Authorization` header value.
    public func authorize(_ header: String?) -> Outcome {
        guard let header else { return .missing }
        guard let token = APIKeyAuthenticator.bearerToken(header) else { return .invalid }
        let digest = hash(Array(token.utf8))
        var matched: String?
        // Compare against every key, without stopping at the first match.
        for key in keys {
            let same = equals(digest, key.digest)
            if same && matched == nil { matched = key.name }
        }
        if let matched { return .granted(name: matched) }
        return .invalid
    }

    /// The token of a `Bearer` credential: scheme compared case-insensitively (RFC 9110 §11.1),
    /// token68 characters only (RFC 6750 §2.1), at most 4 KiB.
    static func bearerToken(_ header: String) -> Substring? {
        let utf8 = header.utf8
        guard utf8.count > 7, utf8.count <= 4096 else { return nil }
        let scheme = header.prefix(6)
        guard scheme.lowercased() == "bearer" else { return nil }
        var rest = header.dropFirst(6)
        guard rest.first == " " else { return nil }
        while rest.first == " " { rest = rest.dropFirst() }
        while rest.last == " " { rest = rest.dropLast() }
        guard !rest.isEmpty else { return nil }
        for byte in rest.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                 UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
                continue
            default:
                return nil
            }
        }
        return rest
    }

    /// Parses a 64-character hex SHA-256 digest.
    public static func digest(fromHex hex: String) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
