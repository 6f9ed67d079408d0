import Testing
@testable import ScrubberService

@Test func moduleBuilds() { #expect(Bool(true)) }
