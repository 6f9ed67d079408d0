import Testing
@testable import RuleData

@Test func moduleBuilds() { #expect(Bool(true)) }
