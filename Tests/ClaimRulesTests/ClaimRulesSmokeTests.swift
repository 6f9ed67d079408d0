import Testing
@testable import ClaimRules

@Test func moduleBuilds() { #expect(Bool(true)) }
