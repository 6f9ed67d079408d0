// Fuzz target: FHIRClaimReader (a FHIR R4 Claim, alone, in Parameters or in a Bundle, mapped onto our
// claim model) and the OperationOutcome written back.
//
// Properties:
// 1. Formatting does not matter: when the body is valid JSON, reading it equals reading the same JSON
//    value written out again (the same outcome, claim, issues and FHIRPath map).
// 2. Every outcome is answered with an OperationOutcome that is valid JSON; a mapped claim without
//    errors validates against the shipped rules, and a valid one scrubs, with an answer that is valid
//    JSON too.
import ClaimRules
import FHIRClaim
import FuzzSupport
import RuleData
import StrictJSON

let rules: RuleSet
do {
    rules = try RuleSetLoader.loadDefault()
} catch {
    FuzzCheck.fail("the shipped rule set does not load: \(error)")
}
let reader = FHIRClaimReader()

/// Whether two outcomes say the same (the reader's outcome type is not Equatable).
func same(_ a: FHIRClaimReader.Outcome, _ b: FHIRClaimReader.Outcome) -> Bool {
    switch (a, b) {
    case (.notFHIR(let x), .notFHIR(let y)), (.unsupported(let x), .unsupported(let y)): return x == y
    case (.claim(let x), .claim(let y)): return x.claim == y.claim && x.issues == y.issues && x.paths == y.paths
    default: return false
    }
}

func requireJSON(_ bytes: [UInt8], _ what: String) {
    if case .failure(let error) = Result(catching: { () throws(JSONParseError) in try JSONReader.parse(bytes) }) {
        FuzzCheck.fail("\(what) is not valid JSON: \(error)")
    }
}

FuzzTarget.run { data in
    let body = Array(data)
    let outcome = reader.read(body)

    let parsed = Result { () throws(JSONParseError) in try JSONReader.parse(body) }
    if case .success(let value) = parsed {
        let again = reader.read(value.serialized())
        FuzzCheck.require(same(again, outcome), "the same JSON written out again reads as \(again), the body as \(outcome)")
    }

    switch outcome {
    case .notFHIR(let issue), .unsupported(let issue):
        requireJSON(OperationOutcome.encode([issue]), "the OperationOutcome of a refused body")
    case .claim(let mapping):
        guard !mapping.hasErrors else {
            requireJSON(OperationOutcome.encode(mapping.issues), "the OperationOutcome of a claim with mapping errors")
            return
        }
        let problems = ClaimValidator.validate(mapping.claim, rules: rules)
        let result = problems.isEmpty ? Scrubber.scrub(mapping.claim, rules: rules) : nil
        let issues = OperationOutcome.issues(mapping: mapping, problems: problems, result: result)
        requireJSON(OperationOutcome.encode(issues), "the OperationOutcome of a mapped claim")
    }
}
