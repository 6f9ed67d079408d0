import Testing
@testable import ClaimWire

@Test func moduleBuilds() { #expect(Bool(true)) }
