/// An NCCI quarter such as `2026Q2`. CMS versions take effect on January 1, April 1, July 1 and
/// October 1 (CMS NCCI PTP and MUE pages), so a quarter's effective window is its three calendar months.
public struct NCCIQuarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1...4.
    public let quarter: Int

    /// Parses `YYYYQn` (case-insensitive `q`), year 1990...2999.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[4] == 0x51 || bytes[4] == 0x71,
              bytes[0..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes[5] >= 0x31 && bytes[5] <= 0x34 else { return nil }
        let year = bytes[0..<4].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard year >= 1990 && year <= 2999 else { return nil }
        self.year = year
        self.quarter = Int(bytes[5] - 0x30)
    }

    public init?(year: Int, quarter: Int) {
        guard (1990...2999).contains(year), (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    public var description: String { "\(year)Q\(quarter)" }

    /// First day of the quarter as `YYYYMMDD`.
    public var effectiveYYYYMMDD: Int32 { Int32(year * 10000 + ((quarter - 1) * 3 + 1) * 100 + 1) }

    /// Last day of the quarter as `YYYYMMDD` (March 31, June 30, September 30, December 31).
    public var throughYYYYMMDD: Int32 {
        let month = quarter * 3
        let day = month == 3 || month == 12 ? 31 : 30
        return Int32(year * 10000 + month * 100 + day)
    }

    public static func < (a: NCCIQuarter, b: NCCIQuarter) -> Bool { (a.year, a.quarter) < (b.year, b.quarter) }
}
