import ClaimRules
import StrictJSON
import Testing
@testable import ClaimWire

/// Dates and amounts are written straight into the output, not through their `description`; the bytes
/// must be the same.
struct ClaimValueFieldTests {
    @Test func datesAreWrittenAsTheirDescription() throws {
        var dates: [CalendarDate] = []
        for (year, month, day) in [(1, 1, 1), (9, 9, 9), (99, 10, 31), (999, 2, 28), (1970, 1, 1), (2000, 2, 29), (2024, 7, 1), (9999, 12, 31)] {
            dates.append(try #require(CalendarDate(year: year, month: month, day: day)))
        }
        for date in dates {
            var writer = JSONWriter()
            writer.field("date", date)
            #expect(writer.string == "\"date\":\"\(date.description)\"")
        }
    }

    @Test func amountsAreWrittenAsTheirDescription() {
        var cents: [Int64] = [0, 1, 5, 9, 10, 50, 99, 100, 101, 12550, 99_999_999_999_999, -1, -5, -99, -100, -12550, .max, .min]
        var state: UInt64 = 0xCE17
        for _ in 0..<5000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            cents.append(Int64(bitPattern: state) >> Int64(state % 60))
        }
        for value in cents {
            let amount = Money(cents: value)
            var writer = JSONWriter()
            writer.field("charge", amount)
            #expect(writer.string == "\"charge\":\(amount.description)")
        }
    }
}
