// Fuzz target: ClaimDecoder (claim JSON → Claim), ClaimEncoder, and the engine behind them.
//
// Properties:
// 1. Round trip: a decoded claim, encoded by ClaimEncoder (compact and pretty), decodes to the same claim.
// 2. Formatting does not matter: when the body is valid JSON, decoding it equals decoding the same
//    JSON value written out again (other whitespace, escapes and key spelling).
// 3. Validation only adds: decoding against the shipped rule set fails exactly where schema decoding
//    fails (with the same error), and otherwise returns the same claim or only semantic problems.
// 4. A valid claim scrubs, and the result encodes to JSON that StrictJSON reads back.
import ClaimRules
import ClaimWire
import FuzzSupport
import RuleData
import StrictJSON

let rules: RuleSet
do {
    rules = try RuleSetLoader.loadDefault()
} catch {
    FuzzCheck.fail("the shipped rule set does not load: \(error)")
}
let decoder = ClaimDecoder()

func decode(_ bytes: [UInt8]) -> Result<Claim, ClaimDecodingError> {
    Result { () throws(ClaimDecodingError) in try decoder.decode(bytes) }
}

FuzzTarget.run { data in
    let decoded = Result { () throws(ClaimDecodingError) in try decoder.decode(data) }

    let parsed = Result { () throws(JSONParseError) in try JSONReader.parse(Array(data)) }
    if case .success(let value) = parsed {
        let rewritten = decode(value.serialized())
        FuzzCheck.require(rewritten == decoded, "the same JSON written out again decodes to \(rewritten), the body to \(decoded)")
    }

    let validated = Result { () throws(ClaimDecodingError) in try decoder.decode(data, rules: rules) }
    switch (decoded, validated) {
    case (.failure(let schema), .failure(let full)):
        FuzzCheck.require(schema == full, "schema error \(schema) but validation error \(full)")
    case (.success(let claim), .success(let same)):
        FuzzCheck.require(claim == same, "validation changed the claim")
    case (.success, .failure(let full)):
        guard case .invalid = full else { FuzzCheck.fail("a schema-valid claim failed validation with \(full)") }
    case (.failure(let schema), .success):
        FuzzCheck.fail("validation accepted what schema decoding refused: \(schema)")
    }

    guard case .success(let claim) = decoded else { return }
    for pretty in [false, true] {
        let again = decode(ClaimEncoder.encode(claim, pretty: pretty))
        FuzzCheck.require(again == .success(claim), "encoded (pretty: \(pretty)) and decoded again: \(again), was \(claim)")
    }

    guard case .success(let valid) = validated else { return }
    let result = Scrubber.scrub(valid, rules: rules)
    let encoded = ResultEncoder.encode(result)
    let read = Result { () throws(JSONParseError) in try JSONReader.parse(encoded) }
    if case .failure(let error) = read { FuzzCheck.fail("the scrub result is not valid JSON: \(error)") }
}
