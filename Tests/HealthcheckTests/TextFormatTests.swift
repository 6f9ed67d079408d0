import Foundation
import Testing
@testable import claim_scrubber

/// The subcommands' own formatting helpers agree with the Foundation calls they replace
/// (`String(format:)`, `String.padding`), which the executable no longer links.
@Suite struct TextFormatTests {
    @Test(arguments: [0.0, 0.04, 0.05, 0.25, 1.0, 1.96, 2.345, 9.999, 12.5, 1234.56789])
    func fixedMatchesPrintf(value: Double) {
        #expect(TextFormat.fixed(value, fractionDigits: 1) == String(format: "%.1f", value))
        #expect(TextFormat.fixed(value, fractionDigits: 2) == String(format: "%.2f", value))
    }

    @Test func zeroPaddedMatchesPrintf() {
        for (value, width) in [(0, 2), (7, 2), (12, 2), (2026, 4), (123, 2), (5, 4)] {
            #expect(TextFormat.zeroPadded(value, width: width) == String(format: "%0\(width)d", value))
        }
    }

    @Test func paddedMatchesFoundationPadding() {
        for name in ["check", "import-ncci", "healthcheck", ""] {
            #expect(TextFormat.padded(name, to: 14) == name.padding(toLength: 14, withPad: " ", startingAt: 0))
        }
        #expect(TextFormat.padded("longer-than-width", to: 4) == "longer-than-width")
    }
}
