import Testing
@testable import RuleData

@Suite struct JSONLineMapTests {
    private let text = """
    {
      "a": 1,
      "b": {
        "c": [
          10,
          {"d": "x,y]}"}
        ],
        "e/f": true,
        "g~h": null
      },
      "s": "line \\" still 9 \\n"
    }
    """

    @Test(arguments: [
        ("", 1), ("/a", 2), ("/b", 3), ("/b/c", 4), ("/b/c/0", 5), ("/b/c/1", 6), ("/b/c/1/d", 6),
        ("/b/e~1f", 8), ("/b/g~0h", 9), ("/s", 11),
    ])
    func everyValueHasItsLine(pointer: String, line: Int) {
        #expect(JSONLineMap(text).line(of: pointer) == line)
    }

    @Test func missingPointerFallsBackToItsNearestAncestor() {
        let map = JSONLineMap(text)
        #expect(map.line(of: "/b/missing") == 3)
        #expect(map.line(of: "/b/c/7/x") == 4)
        #expect(map.line(of: "/nothing") == 1)
    }
}
