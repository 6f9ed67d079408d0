/// A calendar date without time or time zone (a date of service, a certification date).
///
/// Stored as year/month/day; compares chronologically; encodes as `"YYYY-MM-DD"`.
/// Day arithmetic uses a proleptic Gregorian day number, so no Foundation `Date`/`Calendar`
/// is needed on the hot path.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Four-digit year (1-9999).
    public let year: Int
    /// Month 1-12.
    public let month: Int
    /// Day of month 1-28/29/30/31.
    public let day: Int

    /// Creates a date, or `nil` when the components do not form a real calendar date
    /// (year outside 1...9999, month outside 1...12, day beyond the month's length).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CalendarDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// 1970-01-01, day number 0.
    public static let epoch = CalendarDate(unchecked: 1970, 1, 1)

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits, zero padded); `nil` for anything else,
    /// including impossible dates such as `2026-02-30`.
    public init?(_ text: some StringProtocol) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        for b in text.utf8 {
            if bytes.count == 10 { return nil }
            bytes.append(b)
        }
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                let d = Int(bytes[i]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses the CMS file form `YYYYMMDD` (e.g. `20200101`); `nil` when invalid.
    public init?(yyyymmdd: Int) {
        self.init(year: yyyymmdd / 10000, month: (yyyymmdd / 100) % 100, day: yyyymmdd % 100)
    }

    /// The date as the integer `YYYYMMDD`, which orders like the date itself.
    public var yyyymmdd: Int32 { Int32(year * 10000 + month * 100 + day) }

    /// Days since 1970-01-01 (negative before it), proleptic Gregorian calendar.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date for a day number (see `dayNumber`); `nil` outside years 1...9999.
    public init?(dayNumber z0: Int) {
        // Years 1...9999 span day numbers -719162...2932896; anything far outside is refused before arithmetic.
        guard z0 > -800_000, z0 < 3_000_000 else { return nil }
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.init(year: y, month: m, day: d)
    }

    /// This date moved by `days` (may be negative); `nil` if the result leaves years 1...9999.
    public func adding(days: Int) -> CalendarDate? {
        let (n, overflow) = dayNumber.addingReportingOverflow(days)
        return overflow ? nil : CalendarDate(dayNumber: n)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    /// Number of days in a month, leap years per the Gregorian rule.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        default: return 0
        }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        // Written digit by digit into one 10-byte string: results carry a date per line, and padding and
        // concatenating pieces cost more than the rest of a line's encoding.
        let y = year, m = month, d = day
        return String(unsafeUninitializedCapacity: 10) { b in
            b[0] = UInt8(truncatingIfNeeded: 48 + y / 1000 % 10)
            b[1] = UInt8(truncatingIfNeeded: 48 + y / 100 % 10)
            b[2] = UInt8(truncatingIfNeeded: 48 + y / 10 % 10)
            b[3] = UInt8(truncatingIfNeeded: 48 + y % 10)
            b[4] = UInt8(ascii: "-")
            b[5] = UInt8(truncatingIfNeeded: 48 + m / 10)
            b[6] = UInt8(truncatingIfNeeded: 48 + m % 10)
            b[7] = UInt8(ascii: "-")
            b[8] = UInt8(truncatingIfNeeded: 48 + d / 10)
            b[9] = UInt8(truncatingIfNeeded: 48 + d % 10)
            return 10
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = CalendarDate(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a real date as YYYY-MM-DD")
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
