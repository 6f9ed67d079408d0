import Testing
@testable import StrictJSON

@Test func moduleBuilds() { #expect(Bool(true)) }
