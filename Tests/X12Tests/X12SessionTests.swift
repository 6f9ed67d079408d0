import ClaimRules
import Foundation
import RuleData
import StrictJSON
import Testing
@testable import ClaimX12
@testable import X12

/// The session behind `POST /v1/x12/837p` and `check`: the JSON report, streamed as it is written, and
/// the problems that come from the scrub path.
@Suite struct X12SessionTests {
    static let rules: RuleSet? = try? RuleSetLoader.loadDefault()

    static func scrub(_ claim: Claim) -> X12ScrubVerdict {
        guard let rules else { return .noRuleset }
        let problems = ClaimValidator.validate(claim, rules: rules)
        return problems.isEmpty ? .scrubbed(Scrubber.scrub(claim, rules: rules)) : .invalid(problems)
    }

    /// The report for `text`, fed in `chunk`-byte pieces and drained after each.
    static func report(_ text: String, chunk: Int = 1 << 20, scrub: @escaping (Claim) -> X12ScrubVerdict = Self.scrub)
        -> (session: X12ScrubSession, json: JSONValue?, bytes: [UInt8]) {
        let session = X12ScrubSession(output: .report, mapper: X12ClaimMapper(), scrub: scrub)
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            session.feed(Array(bytes[offset..<end]))
            out += session.drain()
            offset = end
        }
        session.finish()
        out += session.drain()
        return (session, try? JSONReader.parse(out), out)
    }

    @Test func reportOfTheConstructedFiles() throws {
        for (name, text) in X12Fixtures.all {
            let (session, json, _) = Self.report(text)
            let value = try #require(json, "\(name)")
            #expect(value["interchanges"] == 1)
            #expect(value["transactions"] == 1)
            #expect(value["problems"]?.arrayElements?.isEmpty == true)
            let claims = try #require(value["claims"]?.arrayElements)
            #expect(claims.count == 1)
            let claim = claims[0]
            #expect(claim["transaction"] == "0001")
            #expect(claim["segment"] == 21)
            #expect(claim["problems"] == nil)
            for key in ["status", "payer", "unitMethod", "ruleset", "lines", "conflicts", "errors", "warnings", "correctedClaim"] {
                #expect(claim[key] != nil, "\(name): \(key)")
            }
            // Each line result names its SV1 segment.
            let segments = claim["lines"]?.arrayElements?.compactMap { $0["segment"] }
            let expected = X12Fixtures.read(text).claims.first?.lines.map { JSONValue(integerLiteral: Int64($0.serviceSegment)) }
            #expect(segments == expected)
            #expect(session.claims == 1)
        }
        #expect(Self.report(X12Fixtures.c01).json?["claims"]?[0]?["claimId"] == "C01PT0001")
    }

    @Test func streamingGivesTheSameBytesAsOneFeed() {
        let text = X12Fixtures.c01 + X12Fixtures.c02 + X12Fixtures.c03
        let whole = Self.report(text).bytes
        for chunk in [1, 7, 100, 1000] {
            #expect(Self.report(text, chunk: chunk).bytes == whole, "chunk \(chunk)")
        }
        #expect(Self.report(text).json?["claims"]?.arrayElements?.count == 3)
    }

    @Test func problemsOfTheFileAndOfEachClaim() throws {
        let text = X12Fixtures.mutate(X12Fixtures.c01, "*150*UN*3", "*150*UN*2.5")
            .replacingOccurrences(of: "IEA*1*000000101", with: "IEA*1*000000109")
        let value = try #require(Self.report(text).json)
        let claim = try #require(value["claims"]?[0])
        #expect(claim["claimId"] == "C01PT0001")
        #expect(claim["status"] == nil)
        let problem = try #require(claim["problems"]?[0])
        #expect(problem["code"] == "UNITS_NOT_WHOLE")
        #expect(problem["segment"] == 26)
        #expect(problem["segmentId"] == "SV1")
        #expect(problem["element"] == "SV104")
        let file = try #require(value["problems"]?[0])
        #expect(file["code"] == "IEA_CONTROL_NUMBER")
        #expect(file["segment"] == 33)
        #expect(file["element"] == "IEA02")
    }

    @Test func claimCheckProblemsPointIntoTheFile() throws {
        // A procedure code the claim checks refuse (4 characters) is located at SV101-2 of its SV1.
        let text = X12Fixtures.mutate(X12Fixtures.c01, "HC:97140:GP*", "HC:9714:GP*")
        let problem = try #require(Self.report(text).json?["claims"]?[0]?["problems"]?[0])
        #expect(problem["code"] == "CLAIM_INVALID")
        #expect(problem["segment"] == 29)
        #expect(problem["element"] == "SV101-2")
        let none = try #require(Self.report(X12Fixtures.c01) { _ in .noRuleset }.json?["claims"]?[0]?["problems"]?[0])
        #expect(none["code"] == "NO_RULESET")
    }

    @Test func fileProblemsAreCappedWithAFinalCount() throws {
        let junk = String(repeating: "XYZ*1~\n", count: X12ScrubSession.maxFileProblems + 5)
        let (session, json, _) = Self.report(X12Fixtures.c01 + junk)
        let problems = try #require(json?["problems"]?.arrayElements)
        #expect(problems.count == X12ScrubSession.maxFileProblems + 1)
        #expect(problems.last?["code"] == "PROBLEMS_OMITTED")
        #expect(session.fileProblemCount == X12ScrubSession.maxFileProblems + 5)
        #expect(!session.isClean)
    }

    @Test func notX12WritesNothing() {
        let (session, json, bytes) = Self.report("{\"payer\": \"medicare\"}")
        #expect(session.failure == .noISA)
        #expect(json == nil)
        #expect(bytes.isEmpty)
    }

    @Test func acknowledgmentOutput() {
        let session = X12ScrubSession(output: .acknowledgment(.init(date: "20250311", time: "1200")), mapper: X12ClaimMapper(),
                                      scrub: Self.scrub)
        session.feed(Array(X12Fixtures.c01.utf8))
        session.finish()
        let text = String(decoding: session.drain(), as: UTF8.self)
        #expect(text.hasPrefix("ISA*00*"))
        #expect(text.contains("IK5*A~"))
        #expect(session.claims == 1)
    }

    @Test func everyProblemCodeIsTested() {
        let tested = X12ReaderProblemTests.codes.union(X12MappingTests.codes).union([.claimInvalid, .noRuleset, .problemsOmitted])
        #expect(tested == Set(X12ProblemCode.allCases), "untested: \(Set(X12ProblemCode.allCases).subtracting(tested))")
    }
}
