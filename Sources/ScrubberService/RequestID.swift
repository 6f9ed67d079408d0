import Synchronization

/// Request identifiers: a client's `X-Request-ID` is kept when it is short and made of safe
/// characters (so it can go into logs and headers verbatim); otherwise one is generated.
public final class RequestIDGenerator: Sendable {
    /// Longest accepted client-supplied id.
    public static let maxLength = 128

    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    /// `prefix` distinguishes processes (replicas, restarts); random by default.
    public init(prefix: String? = nil) {
        if let prefix {
            self.prefix = prefix
        } else {
            var rng = SystemRandomNumberGenerator()
            let value = rng.next() as UInt64
            self.prefix = RequestIDGenerator.hex(value, width: 16)
        }
    }

    /// The id to use for a request that sent `header` (nil when absent).
    public func id(for header: String?) -> String {
        if let header, RequestIDGenerator.isAcceptable(header) { return header }
        return next()
    }

    /// A new id: the process prefix and a sequence number, cheap and unique within the process.
    public func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        return prefix + "-" + RequestIDGenerator.hex(n, width: 8)
    }

    /// 1 to 128 characters from `A-Z a-z 0-9 - _ . : @ + = /` (no spaces, quotes or controls, so
    /// the id can never break a log line or a header).
    public static func isAcceptable(_ candidate: String) -> Bool {
        let utf8 = candidate.utf8
        guard !utf8.isEmpty, utf8.count <= maxLength else { return false }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"),
                 UInt8(ascii: "@"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "/"):
                continue
            default:
                return false
            }
        }
        return true
    }

    static func hex(_ value: UInt64, width: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var v = value
        var i = width - 1
        while i >= 0 {
            out[i] = digits[Int(v & 0xF)]
            v >>= 4
            i -= 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
