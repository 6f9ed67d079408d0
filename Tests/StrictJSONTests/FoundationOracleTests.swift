import Foundation
import Testing
@testable import StrictJSON

/// Property tests with Foundation's `JSONSerialization` as the oracle: on random valid documents and
/// on random mutations of them, both must agree on acceptance and on the values read.
///
/// Documented differences (each pinned by `documentedDifferencesFromJSONSerialization`), where the
/// oracle's verdict is ignored:
/// - duplicate object keys: JSONSerialization keeps the last; we reject the body (RFC 8259 §4);
/// - trailing commas (`[1,]`, `{"a":1,}`): swift-foundation's JSONSerialization accepts them; RFC 8259
///   does not, and we reject them;
/// - a leading byte order mark and UTF-16/32 input: JSONSerialization sniffs the encoding; we read
///   UTF-8 only and reject the BOM unless `allowByteOrderMark` is set;
/// - nesting: JSONSerialization allows 512 levels, we default to 64;
/// - numbers beyond `Double`'s range (`1e400`): JSONSerialization rejects them; we keep the exact text.
struct FoundationOracleTests {
    static func oracle(_ bytes: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// True when `value` (ours) and `object` (JSONSerialization's) are the same JSON value.
    static func same(_ value: JSONValue, _ object: Any) -> Bool {
        switch value {
        case .null:
            return object is NSNull
        case .bool(let flag):
            guard let number = object as? NSNumber else { return false }
            return number.boolValue == flag
        case .number(let number):
            guard let other = object as? NSNumber else { return false }
            if let integer = number.int64Value, abs(integer) < (1 << 53) {
                return other.doubleValue == Double(integer)
            }
            let mine = number.doubleValue
            let theirs = other.doubleValue
            return mine == theirs || abs(mine - theirs) <= abs(mine) * 1e-15
        case .string(let text):
            return (object as? String) == text
        case .array(let elements):
            guard let others = object as? [Any], others.count == elements.count else { return false }
            return zip(elements, others).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let others = object as? [String: Any], others.count == members.count else { return false }
            return members.allSatisfy { member in others[member.key].map { same(member.value, $0) } ?? false }
        }
    }

    @Test func randomValidDocumentsReadTheSameAsJSONSerialization() throws {
        var generator = RandomJSONText(rng: SeededGenerator(seed: 0x5EED_0001))
        for round in 0..<400 {
            let bytes = generator.document()
            let ours = try JSONReader.parse(bytes)
            guard let theirs = Self.oracle(bytes) else {
                Issue.record("round \(round): oracle rejected \(String(decoding: bytes, as: UTF8.self))")
                continue
            }
            #expect(Self.same(ours, theirs), "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            // Our writer's output must be read back identically by both parsers.
            let written = ours.serialized(pretty: round % 2 == 0)
            #expect(try JSONReader.parse(written) == ours)
            if let again = Self.oracle(written) {
                #expect(Self.same(ours, again), "round \(round): written \(String(decoding: written, as: UTF8.self))")
            } else {
                Issue.record("round \(round): oracle rejected our output \(String(decoding: written, as: UTF8.self))")
            }
        }
    }

    @Test func mutatedDocumentsAreAcceptedOrRejectedLikeJSONSerialization() {
        var generator = RandomJSONText(rng: SeededGenerator(seed: 0x5EED_0002))
        var rng = SeededGenerator(seed: 0x5EED_0003)
        let alphabet = Array("{}[],:\"\\/0123456789-+.eEtrufalsn \t\r\nxuD8\u{7F}".utf8) + [0x01, 0x0C, 0xC3, 0xA9, 0xED, 0xA0, 0x80, 0xF4, 0x90]
        var rejectedByBoth = 0
        var acceptedByBoth = 0
        for round in 0..<5000 {
            var bytes = generator.document(maxDepth: 3)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let position = Int.random(in: 0...bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0 where position < bytes.count: bytes.remove(at: position)
                case 1 where position < bytes.count: bytes[position] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                default: bytes.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: position)
                }
            }
            let ours: Result<JSONValue, JSONParseError> = Result { () throws(JSONParseError) in try JSONReader.parse(bytes) }
            let theirs = Self.oracle(bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            switch (ours, theirs) {
            case (.success(let value), .some(let object)):
                acceptedByBoth += 1
                #expect(Self.same(value, object), "round \(round): \(text)")
            case (.failure, .none):
                rejectedByBoth += 1
            case (.failure(let error), .some):
                #expect(error.kind == .duplicateKey || error.kind == .trailingComma, "round \(round): we reject (\(error)) what JSONSerialization accepts: \(text)")
            case (.success(let value), .none):
                #expect(Self.hasNumberBeyondDouble(value), "round \(round): we accept what JSONSerialization rejects: \(text)")
            }
        }
        // The mutations must exercise both verdicts, or the test proves nothing.
        #expect(rejectedByBoth > 500)
        #expect(acceptedByBoth > 100)
    }

    @Test func duplicateKeysAreTheDocumentedDifference() throws {
        var generator = RandomJSONText(rng: SeededGenerator(seed: 0x5EED_0004), duplicateKeyChance: 0.5)
        var duplicates = 0
        for _ in 0..<200 {
            let bytes = generator.document(maxDepth: 3)
            let theirs = Self.oracle(bytes)
            #expect(theirs != nil, "\(String(decoding: bytes, as: UTF8.self))")
            do {
                _ = try JSONReader.parse(bytes)
            } catch {
                #expect(error.kind == .duplicateKey)
                duplicates += 1
            }
        }
        #expect(duplicates > 10)
    }

    @Test func documentedDifferencesFromJSONSerialization() {
        let differences: [(bytes: [UInt8], kind: JSONParseError.Kind)] = [
            (Array(#"{"a":1,"a":2}"#.utf8), .duplicateKey),
            (Array("[1,]".utf8), .trailingComma),
            (Array(#"{"a":1,}"#.utf8), .trailingComma),
            ([0xEF, 0xBB, 0xBF] + Array("1".utf8), .byteOrderMark),
            ([0x00, 0x31], .unexpectedCharacter),
            (Array((String(repeating: "[", count: 100) + String(repeating: "]", count: 100)).utf8), .depthLimitExceeded),
        ]
        for difference in differences {
            #expect(Self.oracle(difference.bytes) != nil, "JSONSerialization changed: \(difference.bytes)")
            #expect { try JSONReader.parse(difference.bytes) } throws: { ($0 as? JSONParseError)?.kind == difference.kind }
        }
        let huge = Array("[1e400]".utf8)
        #expect(Self.oracle(huge) == nil)
        #expect((try? JSONReader.parse(huge))?[0]?.doubleValue == .infinity)
    }

    static func hasNumberBeyondDouble(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let number): return !number.doubleValue.isFinite
        case .array(let elements): return elements.contains(where: hasNumberBeyondDouble)
        case .object(let members): return members.contains { hasNumberBeyondDouble($0.value) }
        default: return false
        }
    }
}
