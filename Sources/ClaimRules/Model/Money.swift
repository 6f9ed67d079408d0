/// An amount of US dollars, held exactly as whole cents (charges must add up to the cent; a binary
/// floating-point total would not).
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in cents.
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    /// Parses a plain decimal such as `125`, `125.5` or `125.50` (no sign, no exponent, at most two
    /// decimal places, at most 12 whole digits); `nil` for anything else.
    public init?(decimal text: some StringProtocol) {
        var whole: Int64 = 0, fraction: Int64 = 0, wholeDigits = 0, fractionDigits = 0, seenPoint = false
        for b in text.utf8 {
            if b == UInt8(ascii: ".") {
                guard !seenPoint, wholeDigits > 0 else { return nil }
                seenPoint = true
                continue
            }
            guard b >= 48, b <= 57 else { return nil }
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= 2 else { return nil }
                fraction = fraction * 10 + Int64(b - 48)
            } else {
                wholeDigits += 1
                guard wholeDigits <= 12 else { return nil }
                whole = whole * 10 + Int64(b - 48)
            }
        }
        guard wholeDigits > 0, !(seenPoint && fractionDigits == 0) else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        self.cents = whole * 100 + fraction
    }

    /// `125.50`: whole dollars, a point and two digits (negative amounts with a leading `-`).
    public var description: String {
        let sign = cents < 0 ? "-" : ""
        let a = cents.magnitude
        let c = a % 100
        return "\(sign)\(a / 100).\(c < 10 ? "0" : "")\(c)"
    }

    /// Decodes a JSON number such as `125.5` (a binary double, so it is rounded to the nearest cent; more than
    /// two decimal places is an error). The claim wire format reads the number's text instead (`Money(decimal:)`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let value = try c.decode(Double.self)
        let magnitude = value < 0 ? -value : value
        guard magnitude < 1e12 else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "amount out of range")
        }
        let scaled = magnitude * 100
        // Half-up by hand: Double.rounded() pulls in libm's round, which a Foundation-free link may lack.
        let cents = Int64(scaled + 0.5)
        let error = scaled - Double(cents)
        guard (error < 0 ? -error : error) < 1e-6 * (scaled > 1 ? scaled : 1) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "at most two decimal places")
        }
        self.cents = value < 0 ? -cents : cents
    }

    /// Encodes the amount as a JSON number of dollars (`125.5`).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Double(cents) / 100)
    }

    public static func < (a: Money, b: Money) -> Bool { a.cents < b.cents }
    public static func + (a: Money, b: Money) -> Money { Money(cents: a.cents &+ b.cents) }
}
