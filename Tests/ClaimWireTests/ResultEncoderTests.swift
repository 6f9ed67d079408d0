import ClaimRules
import Foundation
import StrictJSON
import Testing
@testable import ClaimWire

struct ResultEncoderTests {
    /// `a` and `b` are the same JSON value; numbers compare by value (`0` equals `0.0`) and object
    /// members regardless of order (JSONEncoder's key order is not ours).
    static func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            if let i = x.int64Value, let j = y.int64Value { return i == j }
            return x.doubleValue == y.doubleValue
        case (.array(let xs), .array(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { sameValue($0, $1) }
        case (.object(let xs), .object(let ys)):
            guard xs.count == ys.count else { return false }
            return xs.allSatisfy { member in ys.first { $0.key == member.key }.map { sameValue(member.value, $0.value) } ?? false }
        default:
            return a == b
        }
    }

    @Test func fullResultMatchesJSONEncoderOutputByStrictJSONAndJSONSerialization() throws {
        var rng = SeededRandom(seed: 0xE1C0_0001)
        let encoder = JSONEncoder()
        for round in 0..<150 {
            let result = RandomResult.make(&rng)
            let ours = ResultEncoder.encode(result, pretty: round % 3 == 0)
            let reference = try encoder.encode(result)
            // Read back with StrictJSON.
            let oursValue = try JSONReader.parse(ours)
            let referenceValue = try JSONReader.parse([UInt8](reference))
            #expect(Self.sameValue(oursValue, referenceValue), "round \(round): \(String(decoding: ours, as: UTF8.self))")
            // Read back with JSONSerialization.
            let oursObject = try JSONSerialization.jsonObject(with: Data(ours)) as? NSDictionary
            let referenceObject = try JSONSerialization.jsonObject(with: reference) as? NSDictionary
            #expect(oursObject != nil)
            #expect(oursObject == referenceObject, "round \(round)")
            // And Codable decodes our bytes to the same result.
            #expect(try JSONDecoder().decode(ScrubResult.self, from: Data(ours)) == result)
        }
    }

    @Test func claimEncoderMatchesJSONEncoderAndRoundTripsThroughClaimDecoder() throws {
        var rng = SeededRandom(seed: 0xE1C0_0002)
        for round in 0..<150 {
            let claim = RandomClaim.make(&rng)
            let ours = ClaimEncoder.encode(claim, pretty: round % 2 == 0)
            let reference = try JSONEncoder().encode(claim)
            #expect(Self.sameValue(try JSONReader.parse(ours), try JSONReader.parse([UInt8](reference))), "round \(round)")
            #expect(try ClaimDecoder().decode(ours) == claim)
        }
    }

    @Test func sectionsWriteOnlyTheirParts() throws {
        var rng = SeededRandom(seed: 0xE1C0_0003)
        var result = RandomResult.make(&rng)
        result.claimId = "C-9"
        result.lines = [
            ScrubResult.LineResult(
                index: 0, code: "97530", timed: true, minutes: 30, units: 2, proposedUnits: 3,
                requiredModifiers: ["GP"], missingModifiers: [], unexpectedModifiers: ["KX"]
            )
        ]
        func keys(_ sections: ResultSections) throws -> [String] {
            try JSONReader.parse(ResultEncoder.encode(result, sections: sections)).objectMembers?.map(\.key) ?? []
        }
        let header = ["claimId", "status", "payer", "unitMethod", "ruleset"]
        #expect(try keys(.full) == header + ["totalTimedMinutes", "lines", "conflicts", "errors", "warnings", "correctedClaim"])
        #expect(try keys(.unitsPart) == header + ["totalTimedMinutes", "lines"])
        #expect(try keys(.modifiersPart) == header + ["lines"])
        #expect(try keys(.conflictsPart) == header + ["conflicts"])
        #expect(try keys(.warningsPart) == header + ["errors", "warnings"])

        let units = try JSONReader.parse(ResultEncoder.encode(result, sections: .unitsPart))
        #expect(units["lines"]?[0]?.objectMembers?.map(\.key) == ["index", "code", "timed", "minutes", "units", "proposedUnits"])
        let modifiers = try JSONReader.parse(ResultEncoder.encode(result, sections: .modifiersPart))
        #expect(modifiers["lines"]?[0]?.objectMembers?.map(\.key) == ["index", "code", "requiredModifiers", "missingModifiers", "unexpectedModifiers"])
        #expect(modifiers["lines"]?[0]?["unexpectedModifiers"] == ["KX"])
    }

    @Test func prettyOutputIsIndentedAndEqualToCompact() throws {
        var rng = SeededRandom(seed: 0xE1C0_0004)
        let result = RandomResult.make(&rng)
        let compact = ResultEncoder.encode(result)
        let pretty = ResultEncoder.encode(result, pretty: true)
        #expect(!compact.contains(UInt8(ascii: "\n")))
        #expect(pretty.starts(with: Array("{\n  \"".utf8)))
        #expect(try JSONReader.parse(compact) == (try JSONReader.parse(pretty)))
    }
}
