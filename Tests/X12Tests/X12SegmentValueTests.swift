import Testing
@testable import X12

/// The byte-level readings of element values agree with reading the element as a string.
@Suite struct X12SegmentValueTests {
    static let values = ["1", "12", "0", "01", "+3", "-3", "-0", "+", "-", "", "1a", " 1", "1 ", "9223372036854775807",
                         "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "١", "99999999999999999999"]

    @Test(arguments: values) func integerReadsAsIntOfTheString(_ value: String) {
        let s = X12Segment("HL*\(value)*2")
        #expect(s.integer(1) == Int(s.element(1)))
        #expect(s.integer(2) == 2)
        #expect(s.integer(3) == nil)
    }

    @Test(arguments: values) func decimalComparesAsStringOfTheNumber(_ value: String) {
        let s = X12Segment("LX*\(value)")
        for n in [0, 1, 2, 3, 10, 12, 99, 100, Int.max] {
            #expect(s.element(1, isDecimal: n) == (s.element(1) == String(n)), "\(value) \(n)")
        }
    }
}
