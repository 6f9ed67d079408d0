#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Locking

/// Wall-clock time for logs, without Foundation: RFC 3339 UTC timestamps with milliseconds, the
/// seconds part formatted once per second and cached. (Latency uses the HTTP server's monotonic
/// clock, `HTTPServer.monotonicNanoseconds()`, the clock of `HTTPRequest.receivedAt`.)
public final class LogClock: Sendable {
    private struct Cache {
        var second: Int = -1
        var text: [UInt8] = []
    }

    private let cache = Locked(Cache())

    public init() {}

    /// Appends `"YYYY-MM-DDTHH:MM:SS.mmmZ"` (with the quotes) for now.
    func appendTimestamp(to out: inout JSONText) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let second = Int(ts.tv_sec)
        let prefix: [UInt8] = cache.withLock { c in
            if c.second != second {
                c.second = second
                c.text = LogClock.format(second: second)
            }
            return c.text
        }
        let millis = Int(ts.tv_nsec) / 1_000_000
        out.raw(UInt8(ascii: "\""))
        out.bytes.append(contentsOf: prefix)
        out.raw(UInt8(ascii: "."))
        out.raw(UInt8(ascii: "0") + UInt8(millis / 100))
        out.raw(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        out.raw(UInt8(ascii: "0") + UInt8(millis % 10))
        out.raw("Z\"")
    }

    static func format(second: Int) -> [UInt8] {
        var t = time_t(second)
        var parts = tm()
        gmtime_r(&t, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(19)
        func two(_ v: Int32) {
            out.append(UInt8(ascii: "0") + UInt8(v / 10 % 10))
            out.append(UInt8(ascii: "0") + UInt8(v % 10))
        }
        let year = Int(parts.tm_year) + 1900
        out.append(contentsOf: String(year).utf8)
        out.append(UInt8(ascii: "-")); two(parts.tm_mon + 1)
        out.append(UInt8(ascii: "-")); two(parts.tm_mday)
        out.append(UInt8(ascii: "T")); two(parts.tm_hour)
        out.append(UInt8(ascii: ":")); two(parts.tm_min)
        out.append(UInt8(ascii: ":")); two(parts.tm_sec)
        return out
    }
}
