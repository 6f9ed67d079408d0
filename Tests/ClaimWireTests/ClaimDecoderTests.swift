import ClaimRules
import Foundation
import StrictJSON
import Testing
@testable import ClaimWire

struct ClaimDecoderTests {
    @Test(arguments: [ClaimFixtures.full, ClaimFixtures.minimal, ClaimFixtures.nulls])
    func decodesValidClaimsExactlyLikeFoundationCodable(_ text: String) throws {
        let ours = try ClaimDecoder().decode(Array(text.utf8))
        let theirs = try ClaimFixtures.foundationDecode(text)
        #expect(ours == theirs)
    }

    @Test func decodesEveryFieldOfTheFullClaim() throws {
        let claim = try ClaimDecoder().decode(Array(ClaimFixtures.full.utf8))
        #expect(claim.claimId == "C-1")
        #expect(claim.dateOfService == CalendarDate(year: 2026, month: 3, day: 2))
        #expect(claim.provider.role == .pt)
        #expect(claim.supervisor?.onSite == true)
        #expect(claim.lines.count == 4)
        #expect(claim.lines[1].modifiers == ["GP", "CQ"])
        #expect(claim.lines[1].assistantMinutes == 10)
        #expect(claim.lines[3].setting == .group)
        #expect(claim.context?.yearToDateAllowed?.ptSlp == 1480.5)
        #expect(claim.context?.otherServicesToday?.count == 2)
        #expect(claim.context?.planOfCare?.certifiedThrough == CalendarDate(year: 2026, month: 4, day: 30))
    }

    @Test func randomClaimsEncodedByFoundationDecodeIdentically() throws {
        var rng = SeededRandom(seed: 0xC1A1_0001)
        let encoder = JSONEncoder()
        for round in 0..<200 {
            let claim = RandomClaim.make(&rng)
            encoder.outputFormatting = round % 2 == 0 ? [.sortedKeys] : [.prettyPrinted]
            let data = try encoder.encode(claim)
            let ours = try ClaimDecoder().decode([UInt8](data))
            #expect(ours == claim, "round \(round)")
            #expect(ours == (try JSONDecoder().decode(Claim.self, from: data)))
        }
    }

    @Test func rawBufferEntryPointMatches() throws {
        let bytes = Array(ClaimFixtures.full.utf8)
        let viaRaw = try bytes.withUnsafeBytes { raw throws(ClaimDecodingError) in try ClaimDecoder().decode(raw) }
        #expect(viaRaw == (try ClaimDecoder().decode(bytes)))
    }

    @Test func malformedJSONIsADistinctErrorWithLineAndColumn() {
        let text = "{\n  \"payer\": \"medicare\",\n  \"lines\": [1,]\n}"
        #expect(throws: ClaimDecodingError.malformedJSON(message: "trailing comma before ']' is not allowed", line: 3, column: 14, offset: 38)) {
            try ClaimDecoder().decode(Array(text.utf8))
        }
        let error = ClaimDecodingError.malformedJSON(message: "x", line: 1, column: 2, offset: 1)
        #expect(error.httpStatus == 400)
        #expect(ClaimDecodingError.invalid([]).httpStatus == 422)
    }

    @Test func duplicateKeysAreMalformedNotLastWins() {
        let text = #"{"payer":"medicare","payer":"commercial-ama","dateOfService":"2026-01-05","provider":{"role":"PT"},"lines":[{"code":"97530"}]}"#
        do {
            _ = try ClaimDecoder().decode(Array(text.utf8))
            Issue.record("accepted")
        } catch {
            guard case .malformedJSON(let message, _, _, _) = error else {
                Issue.record("not malformed: \(error)")
                return
            }
            #expect(message.contains("duplicate object key \"payer\""))
        }
    }

    @Test func readerLimitsApply() {
        let decoder = ClaimDecoder(readerOptions: .init(maxInputBytes: 50))
        #expect { try decoder.decode(Array(ClaimFixtures.full.utf8)) } throws: { ($0 as? ClaimDecodingError)?.httpStatus == 400 }
    }
}

struct ClaimDateParsingTests {
    @Test func fastDateParserAgreesWithCalendarDate() {
        let samples = ["2026-03-02", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2026-13-01", "2026-00-10",
                       "2026-1-01", "2026/01/01", "20260101", "2026-01-0a", "+026-01-01", "2026-01-011", "", "２０２６-01-01",
                       "2026-04-31", "2026-04-30", "1900-02-29", "2000-02-29"]
        for sample in samples {
            #expect(ClaimSchema.parseDate(sample) == CalendarDate(sample), "\(sample)")
        }
    }

    @Test func internedStringsDoNotChangeResults() throws {
        let bytes = Array(ClaimFixtures.full.utf8)
        let interned = try ClaimDecoder().decode(bytes)
        var plain = ClaimDecoder()
        plain.readerOptions.internedStrings = nil
        #expect(try plain.decode(bytes) == interned)
        let value = try JSONReader(options: .init(internedStrings: ClaimSchema.internedStrings)).parse(bytes)
        #expect(value == (try JSONReader.parse(bytes)))
    }
}
