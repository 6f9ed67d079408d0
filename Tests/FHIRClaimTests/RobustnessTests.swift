import ClaimRules
import FHIRClaim
import Foundation
import StrictJSON
import Testing

/// Hostile bodies: deep nesting, huge arrays, wrong types anywhere, truncated and corrupted bytes. Every one
/// gives an outcome (never a crash) whose OperationOutcome is well-formed JSON.
@Suite struct RobustnessTests {
    /// Reads a body and encodes what came out, as the route does; the OperationOutcome must parse.
    func survive(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let issues: [FHIRIssue]
        switch FHIRClaimReader().read(body) {
        case .notFHIR(let issue), .unsupported(let issue): issues = [issue]
        case .claim(let mapping):
            issues = OperationOutcome.issues(mapping: mapping, problems: [], result: nil)
        }
        let encoded = OperationOutcome.encode(issues)
        #expect((try? JSONReader.parse(encoded)) != nil, "OperationOutcome does not parse", sourceLocation: sourceLocation)
    }

    @Test func deepNestingIsRefusedByTheReaderLimit() {
        let deep = Array(repeating: UInt8(ascii: "["), count: 200_000)
        guard case .notFHIR(let issue) = FHIRClaimReader().read(deep) else { Issue.record("expected notFHIR"); return }
        #expect(issue.message.contains("depth") || issue.message.contains("nest"))
        var nested = #"{"resourceType":"Claim","extension":"#
        nested += String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "}"
        survive(Array(nested.utf8))
    }

    @Test func hugeArraysAreCappedNotWalked() throws {
        let f01 = try Fixtures.example("f01-medicare-pt")
        let modifier: [String: Any] = ["coding": [["system": "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "code": "GP"]]]
        var claim = try Fixtures.edited(f01, "item.0.modifier", Array(repeating: modifier, count: 30_000))
        claim = try Fixtures.edited(claim, "item.1.diagnosisSequence", Array(repeating: 1, count: 100_000))
        claim = try Fixtures.edited(claim, "careTeam", Array(repeating: (f01["careTeam"] as? [Any])?.first ?? [:], count: 2_000))
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.lines[0].modifiers?.count == ClaimValidator.maxModifiers + 1)
        #expect(mapping.claim.lines[1].diagnosisPointers?.count == 100)
        #expect(mapping.issues(.tooManyElements).count == 3)
        #expect(mapping.issues(.sequenceDuplicate).count == 99)

        let entries = (0..<30_000).map { ["fullUrl": "urn:uuid:\($0)", "resource": ["resourceType": "Patient", "id": "p\($0)"]] as [String: Any] }
        survive(try Fixtures.bytes(["resourceType": "Bundle", "entry": entries + [["resource": f01]]]))
    }

    @Test func randomEditsNeverCrash() throws {
        var random = SplitMix(seed: 20261201)
        let examples = [try Fixtures.example("f01-medicare-pt"), try Fixtures.example("f02-medicare-ot-co")]
        let values: [Any] = ["", "x", "#pat", "Practitioner/pt1", "urn:uuid:1", 0, -1, 1.5, 1e300, true, NSNull(), [], [1, 2],
                             [String: Any](), ["coding": [["code": "GP"]]], ["value": 3], ["reference": "#cov"], [["sequence": 1]]]
        for round in 0..<400 {
            var claim: Any = examples[round % 2]
            for _ in 0..<(1 + random.next() % 4) {
                let paths = RobustnessTests.paths(in: claim, prefix: "")
                guard !paths.isEmpty else { break }
                let path = paths[Int(random.next() % UInt64(paths.count))]
                let value = random.next() % 5 == 0 ? nil : values[Int(random.next() % UInt64(values.count))]
                claim = try Fixtures.edited(claim, path, value)
            }
            survive(try Fixtures.bytes(claim))
        }
    }

    @Test func truncatedAndCorruptedBytesNeverCrash() throws {
        let body = try Fixtures.bytes(try Fixtures.example("f02-medicare-ot-co"))
        var random = SplitMix(seed: 7)
        for cut in stride(from: 0, to: body.count, by: max(1, body.count / 97)) { survive(Array(body[..<cut])) }
        for _ in 0..<300 {
            var copy = body
            for _ in 0..<3 { copy[Int(random.next() % UInt64(copy.count))] = UInt8(truncatingIfNeeded: random.next()) }
            survive(copy)
        }
    }

    /// Every dotted path to a value in a JSON object tree.
    static func paths(in object: Any, prefix: String) -> [String] {
        var out: [String] = []
        if let dict = object as? [String: Any] {
            for (key, value) in dict {
                let path = prefix.isEmpty ? key : prefix + "." + key
                out.append(path)
                out += paths(in: value, prefix: path)
            }
        } else if let array = object as? [Any] {
            for (i, value) in array.enumerated() {
                let path = prefix + "." + String(i)
                out.append(path)
                out += paths(in: value, prefix: path)
            }
        }
        return out.sorted()
    }
}

/// A small deterministic generator (SplitMix64), so a failing round can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
