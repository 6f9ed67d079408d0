import APIReference
import StrictJSON
import Testing

/// The YAML subset openapi.yaml is written in reads as YAML reads it; anything outside it fails with
/// its line rather than being read differently.
@Suite struct YAMLSubsetTests {
    func read(_ text: String) throws -> JSONValue { try YAMLSubset.parse(text) }

    func json(_ text: String) throws -> JSONValue { try JSONReader.parse(Array(text.utf8)) }

    func failure(_ text: String) -> YAMLSubset.Failure? {
        do {
            _ = try YAMLSubset.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func blockMappingsAndSequences() throws {
        let text = """
            # a comment
            a: 1
            b:
              c: text with spaces
              d:
                - x
                - 2
              e:
              - same-indent item
            f: true
            g: null
            h: ~
            i:
            """
        #expect(try read(text) == json(#"{"a":1,"b":{"c":"text with spaces","d":["x",2],"e":["same-indent item"]},"f":true,"g":null,"h":null,"i":null}"#))
    }

    @Test func mappingsStartingOnASequenceLine() throws {
        let text = """
            security:
              - {}
              - apiKey: []
            allOf:
              - $ref: '#/components/schemas/A'
              - type: object
                required: [x]
                properties:
                  x: { type: integer }
            nested:
              - - a
                - b
            """
        #expect(try read(text) == json("""
            {"security":[{},{"apiKey":[]}],
             "allOf":[{"$ref":"#/components/schemas/A"},{"type":"object","required":["x"],"properties":{"x":{"type":"integer"}}}],
             "nested":[["a","b"]]}
            """))
    }

    @Test func flowCollectionsOverSeveralLines() throws {
        let text = """
            a: { b: { $ref: '#/x' }, c: [1, 'two', "three", null, true] }
            required: [id, name,
                       other]
            empty: { d: [], e: {} }
            trailing: [a, b, ]
            """
        #expect(try read(text) == json(##"{"a":{"b":{"$ref":"#/x"},"c":[1,"two","three",null,true]},"required":["id","name","other"],"empty":{"d":[],"e":{}},"trailing":["a","b"]}"##))
    }

    @Test func scalars() throws {
        let text = #"""
            plain: Readiness; always open. 503 from the moment draining starts (SIGTERM/SIGINT).
            colon: text/plain; version=0.0.4; charset=utf-8
            version: 1.0.0
            openapi: 3.1.0
            int: 9223372036854775807
            negative: -5
            float: 0.5
            single: 'it''s # not a comment'
            double: "tab\there \"quoted\" \u00e9"
            comment: value # a comment
            'quoted key': 1
            "200": ok
            multi: first line
              and the second
            """#
        #expect(try read(text) == json(#"""
            {"plain":"Readiness; always open. 503 from the moment draining starts (SIGTERM/SIGINT).",
             "colon":"text/plain; version=0.0.4; charset=utf-8","version":"1.0.0","openapi":"3.1.0",
             "int":9223372036854775807,"negative":-5,"float":0.5,"single":"it's # not a comment",
             "double":"tab\there \"quoted\" é","comment":"value","quoted key":1,"200":"ok",
             "multi":"first line and the second"}
            """#))
    }

    @Test func blockScalars() throws {
        let text = """
            literal: |
              line one
                indented

              after a blank line
            stripped: |-
              no final newline
            folded: >
              folded
              into one

              paragraph two
            next: x
            """
        #expect(try read(text) == json(#"{"literal":"line one\n  indented\n\nafter a blank line\n","stripped":"no final newline","folded":"folded into one\nparagraph two\n","next":"x"}"#))
    }

    @Test func anchorsAndAliases() throws {
        let text = """
            first:
              options: &shared
                summary: s
                security: [{}]
            second:
              options: *shared
            scalar: &name value
            again: *name
            """
        #expect(try read(text) == json(##"{"first":{"options":{"summary":"s","security":[{}]}},"second":{"options":{"summary":"s","security":[{}]}},"scalar":"value","again":"value"}"##))
    }

    @Test(arguments: [
        ("a: !!str 1", 1, "tags"),
        ("? complex\n: key", 1, "complex keys"),
        ("base: &b {x: 1}\nmerged:\n  <<: *b", 3, "merge keys"),
        ("a: 1\na: 2", 2, "duplicate key"),
        ("a: {b: 1, b: 2}", 1, "duplicate key"),
        ("a: *missing", 1, "unknown alias"),
        ("a:\n\tb: 1", 2, "tab"),
        ("a: 1\n---\nb: 2", 2, "one YAML document"),
        ("flag: yes", 1, "quote it"),
        ("flag: off", 1, "quote it"),
        ("date: 2026-01-01", 1, "quote it"),
        ("big: 1e5", 1, "quote it"),
        ("octal: 012", 1, "quote it"),
        ("hex: 0x1F", 1, "special numbers"),
        ("inf: .inf", 1, "special numbers"),
        ("a: b: c", 1, "\": \" inside a plain scalar"),
        ("200: ok", 1, "not a string"),
        ("a: 'unterminated", 1, "unterminated"),
        ("a: [1, 2", 1, "unterminated flow"),
        ("a: |2\n  x", 1, "block scalar header"),
        ("a: 1\n  b: 2", 2, "indentation"),
        ("list:\n  - a\n    - b", 3, "indentation"),
        ("%YAML 1.2\n---\na: 1", 1, "directives"),
        ("a: \"bad \\q escape\"", 1, "escape"),
        ("a: [b: c]", 1, "braces"),
    ])
    func outsideTheSubsetFailsWithItsLine(text: String, line: Int, message: String) {
        let error = failure(text)
        #expect(error?.line == line, "\(text): \(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(text): \(String(describing: error))")
    }
}
