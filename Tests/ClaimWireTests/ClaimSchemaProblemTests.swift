import ClaimRules
import Foundation
import StrictJSON
import Testing
@testable import ClaimWire

/// Every kind of schema problem yields the right RFC 6901 pointer, and all problems are reported.
struct ClaimSchemaProblemTests {
    /// The minimal valid claim with `patch` applied to its top-level members and `removed` left out.
    static func claim(_ patch: [String: String] = [:], removing removed: String? = nil) -> String {
        var members: [(String, String)] = [
            ("payer", #""medicare""#), ("dateOfService", #""2026-01-05""#), ("provider", #"{"role":"PT"}"#),
            ("lines", #"[{"code":"97530","minutes":30}]"#),
        ]
        members.removeAll { $0.0 == removed }
        for (key, value) in patch.sorted(by: { $0.key < $1.key }) {
            members.removeAll { $0.0 == key }
            members.append((key, value))
        }
        return "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let text: String
        let pointer: String
        let fragment: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "not an object", text: "[1]", pointer: "", fragment: "the claim must be an object, found array"),
        Case(name: "missing payer", text: claim(removing: "payer"), pointer: "/payer", fragment: "payer is required"),
        Case(name: "null payer", text: claim(["payer": "null"]), pointer: "/payer", fragment: "payer is required"),
        Case(name: "payer wrong type", text: claim(["payer": "7"]), pointer: "/payer", fragment: "payer must be a string, found number"),
        Case(name: "missing date", text: claim(removing: "dateOfService"), pointer: "/dateOfService", fragment: "dateOfService is required"),
        Case(name: "bad date format", text: claim(["dateOfService": #""03/02/2026""#]), pointer: "/dateOfService", fragment: "YYYY-MM-DD"),
        Case(name: "impossible date", text: claim(["dateOfService": #""2026-02-30""#]), pointer: "/dateOfService", fragment: "real calendar date"),
        Case(name: "missing provider", text: claim(removing: "provider"), pointer: "/provider", fragment: "provider is required"),
        Case(name: "provider wrong type", text: claim(["provider": #""PT""#]), pointer: "/provider", fragment: "provider must be an object, found string"),
        Case(name: "missing provider role", text: claim(["provider": #"{"npi":"1"}"#]), pointer: "/provider/role", fragment: "role is required"),
        Case(name: "unknown role", text: claim(["provider": #"{"role":"RN"}"#]), pointer: "/provider/role", fragment: "role \"RN\" is not one of: PT, OT, SLP"),
        Case(name: "unknown provider field", text: claim(["provider": #"{"role":"PT","name":"x"}"#]), pointer: "/provider/name", fragment: "allowed fields: npi, role"),
        Case(name: "supervisor onSite wrong type", text: claim(["supervisor": #"{"role":"PT","onSite":"yes"}"#]), pointer: "/supervisor/onSite", fragment: "must be true or false, found string"),
        Case(name: "missing lines", text: claim(removing: "lines"), pointer: "/lines", fragment: "lines is required"),
        Case(name: "lines not an array", text: claim(["lines": "{}"]), pointer: "/lines", fragment: "lines must be an array, found object"),
        Case(name: "line not an object", text: claim(["lines": "[5]"]), pointer: "/lines/0", fragment: "a service line must be an object, found number"),
        Case(name: "missing line code", text: claim(["lines": #"[{"code":"97530"},{"minutes":5}]"#]), pointer: "/lines/1/code", fragment: "code is required"),
        Case(name: "negative minutes", text: claim(["lines": #"[{"code":"97530","minutes":-5}]"#]), pointer: "/lines/0/minutes", fragment: "must not be negative"),
        Case(name: "fractional units", text: claim(["lines": #"[{"code":"97530","units":1.5}]"#]), pointer: "/lines/0/units", fragment: "whole number without fraction"),
        Case(name: "exponent minutes", text: claim(["lines": #"[{"code":"97530","minutes":3e1}]"#]), pointer: "/lines/0/minutes", fragment: "whole number without fraction"),
        Case(name: "huge minutes", text: claim(["lines": #"[{"code":"97530","minutes":99999999999999999999}]"#]), pointer: "/lines/0/minutes", fragment: "minutes must be between 0 and 1440"),
        Case(name: "huge negative minutes", text: claim(["lines": #"[{"code":"97530","minutes":-99999999999999999999}]"#]), pointer: "/lines/0/minutes", fragment: "minutes must not be negative, found -99999999999999999999"),
        Case(name: "huge visit number", text: claim(["context": #"{"visitNumber":99999999999999999999}"#]), pointer: "/context/visitNumber", fragment: "visitNumber must be between 1 and 9223372036854775807"),
        Case(name: "huge year-to-date amount", text: claim(["context": #"{"yearToDateAllowed":{"ptSlp":1e400}}"#]), pointer: "/context/yearToDateAllowed/ptSlp", fragment: "ptSlp must be a dollar amount of at least 0 and less than 1000000000"),
        Case(name: "minutes as string", text: claim(["lines": #"[{"code":"97530","minutes":"30"}]"#]), pointer: "/lines/0/minutes", fragment: "must be a whole number, found string"),
        Case(name: "negative assistant minutes", text: claim(["lines": #"[{"code":"97530","assistantMinutes":-1}]"#]), pointer: "/lines/0/assistantMinutes", fragment: "must not be negative"),
        Case(name: "unknown setting", text: claim(["lines": #"[{"code":"97530","setting":"solo"}]"#]), pointer: "/lines/0/setting", fragment: "individual, group, concurrent"),
        Case(name: "modifier not a string", text: claim(["lines": #"[{"code":"97530","modifiers":["GP",59]}]"#]), pointer: "/lines/0/modifiers/1", fragment: "must be strings, found number"),
        Case(name: "unknown line field", text: claim(["lines": #"[{"code":"97530","minute":30}]"#]), pointer: "/lines/0/minute", fragment: "unknown field \"minute\""),
        Case(name: "unknown top-level field", text: claim(["patientName": #""x""#]), pointer: "/patientName", fragment: "allowed fields: claimId, payer"),
        Case(name: "pointer escapes slash and tilde", text: claim(["a/b~c": "1"]), pointer: "/a~1b~0c", fragment: "unknown field"),
        Case(name: "context wrong type", text: claim(["context": "[]"]), pointer: "/context", fragment: "context must be an object, found array"),
        Case(name: "negative visit number", text: claim(["context": #"{"visitNumber":-2}"#]), pointer: "/context/visitNumber", fragment: "must not be negative"),
        Case(name: "plan of care bad date", text: claim(["context": #"{"planOfCare":{"certifiedThrough":"2026-13-01"}}"#]), pointer: "/context/planOfCare/certifiedThrough", fragment: "YYYY-MM-DD"),
        Case(name: "negative year-to-date amount", text: claim(["context": #"{"yearToDateAllowed":{"ot":-1.5}}"#]), pointer: "/context/yearToDateAllowed/ot", fragment: "must not be negative"),
        Case(name: "year-to-date amount as string", text: claim(["context": #"{"yearToDateAllowed":{"ptSlp":"100"}}"#]), pointer: "/context/yearToDateAllowed/ptSlp", fragment: "must be a number, found string"),
        Case(name: "documentation flag wrong type", text: claim(["context": #"{"documentation":{"activityDescription":1}}"#]), pointer: "/context/documentation/activityDescription", fragment: "true or false"),
        Case(name: "other service unknown role", text: claim(["context": #"{"otherServicesToday":[{"code":"97530","role":"pt"}]}"#]), pointer: "/context/otherServicesToday/0/role", fragment: "is not one of"),
        Case(name: "other service missing code", text: claim(["context": #"{"otherServicesToday":[{"role":"PT"}]}"#]), pointer: "/context/otherServicesToday/0/code", fragment: "code is required"),
    ]

    @Test(arguments: cases)
    func schemaProblemHasItsPointer(_ testCase: Case) {
        do {
            let claim = try ClaimDecoder().decode(Array(testCase.text.utf8))
            Issue.record("accepted: \(claim)")
        } catch {
            guard case .invalid(let problems) = error else {
                Issue.record("not a schema error: \(error)")
                return
            }
            #expect(problems.count == 1, "\(problems)")
            #expect(problems.first?.pointer == testCase.pointer, "\(problems)")
            #expect(problems.first?.message.contains(testCase.fragment) == true, "\(problems)")
        }
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let text = #"""
            {"payer": 1, "provider": {"role": "nurse", "x": 1},
             "lines": [{"code": "97530", "minutes": -1, "units": 1.5}, {"setting": "solo"}, "x"],
             "context": {"visitNumber": "3"}, "extra": true}
            """#
        do {
            _ = try ClaimDecoder().decode(Array(text.utf8))
            Issue.record("accepted")
        } catch {
            let pointers = Set(error.problems.map(\.pointer))
            let expected: Set<String> = [
                "/payer", "/dateOfService", "/provider/x", "/provider/role", "/lines/0/minutes", "/lines/0/units",
                "/lines/1/code", "/lines/1/setting", "/lines/2", "/context/visitNumber", "/extra",
            ]
            #expect(pointers == expected, "\(error.problems)")
            #expect(error.problems.count == expected.count)
            #expect(error.httpStatus == 422)
        }
    }

    @Test func messagesNeverQuoteIdentifiersOrDates() {
        let text = #"{"claimId":"SECRET-ID","payer":"medicare","dateOfService":"1980-02-31","provider":{"role":"PT","npi":5},"lines":[{"code":"97530","clinicianId":7}]}"#
        do {
            _ = try ClaimDecoder().decode(Array(text.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.problems.count == 3)
            for problem in error.problems {
                #expect(!problem.message.contains("SECRET"))
                #expect(!problem.message.contains("1980"))
            }
        }
    }
}

struct ClaimFieldNameTests {
    @Test func lookalikeKeysAreUnknownFieldsNotAliases() {
        // "cod" + "e" + U+0301 (combining acute) is a different key from "code" and from NFC "codé":
        // a look-alike of a field name must never be read as that field.
        let text = "{\"payer\":\"medicare\",\"dateOfService\":\"2026-01-05\",\"provider\":{\"role\":\"PT\"},\"lines\":[{\"cod\u{0065}\u{0301}\":\"97530\"}]}"
        do {
            _ = try ClaimDecoder().decode(Array(text.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.pointer) == ["/lines/0/code\u{301}", "/lines/0/code"])
            #expect(error.problems.first?.message.contains("unknown field") == true)
        }
    }
}

struct ClaimStreamingDecodeTests {
    @Test func syntaxErrorAfterSchemaProblemsIsMalformed() {
        // The unknown field comes first, the syntax error last: the body is malformed (400), not invalid.
        let text = #"{"bogus": 1, "payer": "medicare", "lines": [}"#
        #expect { try ClaimDecoder().decode(Array(text.utf8)) } throws: { ($0 as? ClaimDecodingError)?.httpStatus == 400 }
    }

    @Test func duplicateKeyInsideAnUnknownFieldIsMalformed() {
        let text = #"{"payer":"medicare","dateOfService":"2026-01-05","provider":{"role":"PT"},"lines":[{"code":"97530"}],"x":{"a":1,"a":2}}"#
        #expect { try ClaimDecoder().decode(Array(text.utf8)) } throws: { ($0 as? ClaimDecodingError)?.httpStatus == 400 }
    }

    @Test func nullTopLevelAndNullLineAreSchemaProblems() {
        for (text, pointer) in [("null", ""), (#"{"payer":"medicare","dateOfService":"2026-01-05","provider":{"role":"PT"},"lines":[null]}"#, "/lines/0")] {
            do {
                _ = try ClaimDecoder().decode(Array(text.utf8))
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.httpStatus == 422)
                #expect(error.problems.map(\.pointer) == [pointer])
            }
        }
    }

    @Test func decodeFromATreeMatchesDecodeFromBytes() throws {
        let bytes = Array(ClaimFixtures.full.utf8)
        #expect(try ClaimDecoder().decode(value: JSONReader.parse(bytes)) == (try ClaimDecoder().decode(bytes)))
    }

    @Test func randomMutationsNeverCrashAndClassifyLikeTheTreeReader() {
        // A body is malformed for ClaimDecoder exactly when the strict tree reader rejects it.
        var rng = SeededRandom(seed: 0xC1A1_0077)
        let base = Array(ClaimFixtures.full.utf8)
        let alphabet = Array("{}[],:\"\\0123456789-.etrufalsn xK".utf8)
        for _ in 0..<1500 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let position = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes.remove(at: position)
                case 1: bytes[position] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                default: bytes.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: position)
                }
            }
            let tree = Result { () throws(JSONParseError) in try JSONReader.parse(bytes) }
            let decoded = Result { () throws(ClaimDecodingError) in try ClaimDecoder().decode(bytes) }
            switch (tree, decoded) {
            case (.failure(let syntax), .failure(.malformedJSON(let message, let line, let column, let offset))):
                let same = syntax.message == message && syntax.line == line
                #expect(same && syntax.column == column && syntax.offset == offset)
            case (.success, .failure(.malformedJSON)):
                Issue.record("decoder calls a well-formed body malformed: \(String(decoding: bytes, as: UTF8.self))")
            case (.failure, _):
                Issue.record("decoder accepted or schema-rejected a malformed body: \(String(decoding: bytes, as: UTF8.self))")
            case (.success, .success(let claim)):
                // Whatever we accept, Foundation's Codable decoding reads the same way.
                #expect((try? JSONDecoder().decode(Claim.self, from: Data(bytes))) == claim, "\(String(decoding: bytes, as: UTF8.self))")
            case (.success, _):
                break
            }
        }
    }
}

/// The exact pointer and wording of every kind of schema problem, in document order: clients and the
/// problem+json responses show these texts as they are.
struct ClaimSchemaMessageTests {
    static func problems(_ text: String) -> [String] {
        do {
            _ = try ClaimDecoder().decode(Array(text.utf8))
            return ["accepted"]
        } catch {
            return error.problems.map { "\($0.pointer): \($0.message)" }
        }
    }

    @Test func everyFieldKindReportsItsExactMessage() {
        let text = #"""
            {"payer": 7, "dateOfService": "2026-02-30", "provider": {"role": "RN", "npi": 5, "x": 1},
             "supervisor": {"role": "PT", "onSite": "yes"},
             "lines": [{"code": "97530", "minutes": 1.5, "units": 99999999999999999999, "assistantMinutes": -1,
                        "modifiers": [1, "GP", null], "setting": "moon"},
                       {"minutes": "30", "modifiers": "GP", "units": -0.5}, "x", null],
             "context": {"visitNumber": "3", "yearToDateAllowed": {"ot": -1, "ptSlp": 1e400},
                         "planOfCare": 5, "documentation": {"activityDescription": 1, "goalIds": {}},
                         "otherServicesToday": [{"role": "pt"}, 3, null]},
             "claimId": [], "extra": true}
            """#
        let roles = "PT, OT, SLP, PTA, OTA, SLPA, PT-student, OT-student, SLP-student, MD, DO, NP, PA, CNS, DC, ATC, aide, other"
        #expect(Self.problems(text) == [
            "/payer: payer must be a string, found number",
            "/dateOfService: dateOfService must be a real calendar date written YYYY-MM-DD",
            "/provider/role: role \"RN\" is not one of: \(roles)",
            "/provider/npi: npi must be a string, found number",
            "/provider/x: unknown field \"x\" in provider; allowed fields: npi, role, taxonomy",
            "/supervisor/onSite: onSite must be true or false, found string",
            "/lines/0/minutes: minutes must be a whole number without fraction or exponent, found 1.5",
            "/lines/0/units: units must be between 0 and 999",
            "/lines/0/assistantMinutes: assistantMinutes must not be negative, found -1",
            "/lines/0/modifiers/0: modifiers entries must be strings, found number",
            "/lines/0/modifiers/2: modifiers entries must be strings, found null",
            "/lines/0/setting: setting \"moon\" is not one of: individual, group, concurrent",
            "/lines/1/minutes: minutes must be a whole number, found string",
            "/lines/1/modifiers: modifiers must be an array, found string",
            "/lines/1/units: units must be a whole number without fraction or exponent, found -0.5",
            "/lines/1/code: code is required",
            "/lines/2: a service line must be an object, found string",
            "/lines/3: a service line must be an object, found null",
            "/context/visitNumber: visitNumber must be a whole number, found string",
            "/context/yearToDateAllowed/ot: ot must not be negative, found -1",
            "/context/yearToDateAllowed/ptSlp: ptSlp must be a dollar amount of at least 0 and less than 1000000000",
            "/context/planOfCare: planOfCare must be an object, found number",
            "/context/documentation/activityDescription: activityDescription must be true or false, found number",
            "/context/documentation/goalIds: goalIds must be an array, found object",
            "/context/otherServicesToday/0/role: role \"pt\" is not one of: \(roles)",
            "/context/otherServicesToday/0/code: code is required",
            "/context/otherServicesToday/1: an entry of otherServicesToday must be an object, found number",
            "/context/otherServicesToday/2: an entry of otherServicesToday must be an object, found null",
            "/claimId: claimId must be a string, found array",
            "/extra: unknown field \"extra\" in the claim; allowed fields: claimId, payer, dateOfService, provider, supervisor, lines, context, frequency, originalClaimId, placeOfService, totalCharge, diagnoses, billingProvider, patientRef",
        ])
    }

    @Test func wholeClaimAndContainerKindsReportTheirExactMessages() {
        #expect(Self.problems("[1]") == [": the claim must be an object, found array"])
        #expect(Self.problems("null") == [": the claim must be an object, found null"])
        #expect(Self.problems(#"{"payer":"medicare","dateOfService":"2026-01-05","provider":null,"lines":{},"context":[]}"#) == [
            "/lines: lines must be an array, found object",
            "/context: context must be an object, found array",
            "/provider: provider is required",
        ])
    }
}
