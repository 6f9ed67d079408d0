import ClaimRules
import StrictJSON

/// Members whose values are claim model types, written straight into the output: making each date's
/// or amount's `description` string first cost more than the rest of its member.
extension JSONWriter {
    /// `"name": "YYYY-MM-DD"`, spelled as `CalendarDate.description` spells it.
    @inline(__always) mutating func field(_ name: StaticString, _ date: CalendarDate) {
        field(name, fullDateYear: date.year, month: date.month, day: date.day)
    }

    /// `"name": 125.50`: dollars with two decimals, spelled as `Money.description` spells them.
    @inline(__always) mutating func field(_ name: StaticString, _ amount: Money) {
        field(name, hundredths: amount.cents)
    }
}

/// The same members for a room of the writer.
extension JSONWriter.Room {
    @inline(always) mutating func field(_ name: StaticString, _ date: CalendarDate) {
        field(name, fullDateYear: date.year, month: date.month, day: date.day)
    }

    @inline(always) mutating func field(_ name: StaticString, _ amount: Money) {
        field(name, hundredths: amount.cents)
    }
}
