#if canImport(Glibc)
import Glibc
#endif

/// IMF-fixdate (RFC 9110 §5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT", computed without
/// Foundation and cached for the current second.
struct HTTPDate {
    private var second = Int.min
    private(set) var bytes: [UInt8] = []

    /// The date for the current wall-clock second (recomputed at most once a second).
    mutating func current() -> [UInt8] {
        let now = Int(time(nil))
        if now != second {
            second = now
            bytes = Self.format(epochSeconds: now)
        }
        return bytes
    }

    private static let days: [[UInt8]] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"].map { Array($0.utf8) }
    private static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    static func format(epochSeconds t: Int) -> [UInt8] {
        let dayCount = t >= 0 ? t / 86400 : (t - 86399) / 86400
        let secs = t - dayCount * 86400
        // Civil-from-days (H. Hinnant), proleptic Gregorian.
        let z = dayCount + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = ((dayCount % 7) + 7) % 7

        var out: [UInt8] = []
        out.reserveCapacity(29)
        out += days[weekday]
        out += [44, 32]
        appendTwo(&out, day)
        out.append(32)
        out += months[month - 1]
        out.append(32)
        let y = max(0, min(9999, year))
        out.append(UInt8(48 + y / 1000))
        out.append(UInt8(48 + y / 100 % 10))
        appendTwo(&out, y % 100)
        out.append(32)
        appendTwo(&out, secs / 3600)
        out.append(58)
        appendTwo(&out, secs / 60 % 60)
        out.append(58)
        appendTwo(&out, secs % 60)
        out += Array(" GMT".utf8)
        return out
    }

    private static func appendTwo(_ out: inout [UInt8], _ n: Int) {
        out.append(UInt8(48 + n / 10 % 10))
        out.append(UInt8(48 + n % 10))
    }
}
