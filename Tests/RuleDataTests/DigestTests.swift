import Testing
@testable import RuleData

@Suite struct DigestTests {
    @Test func digestFramesNameLengthAndBytes() {
        let files = RuleDataFiles(files: ["b": "yz", "a": "x"], displayPrefix: "")
        var expected = SHA256()
        expected.update(Array("a\u{0}1\u{0}x".utf8))
        expected.update(Array("b\u{0}2\u{0}yz".utf8))
        #expect(files.digest() == expected.hexDigest())
        // Moving a byte from one file to the next changes the digest even though the concatenation is equal.
        #expect(RuleDataFiles(files: ["a": "xy", "b": "z"], displayPrefix: "").digest() != files.digest())
    }

    @Test func digestIsStableAcrossLoads() throws {
        let first = try RuleSetLoader.load(ShippedConfig.rules()).digest
        let second = try RuleSetLoader.load(ShippedConfig.rules()).digest
        #expect(first == second)
        #expect(first.count == 64 && first.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func digestChangesWhenDataChanges() throws {
        let base = try RuleSetLoader.load(ShippedConfig.rules()).digest
        var files = try ShippedConfig.rules()
        files.files["ptp-pairs.tsv"] = files.files["ptp-pairs.tsv"]?.replacingOccurrences(of: "Mutually exclusive", with: "Mutually Exclusive")
        #expect(try RuleSetLoader.load(files).digest != base)
        var payers = try ShippedConfig.rules()
        payers.files["payers/medicare.json"] = payers.files["payers/medicare.json"]?.replacingOccurrences(of: "\"ptSlp\": 2480", with: "\"ptSlp\": 2490")
        #expect(try RuleSetLoader.load(payers).digest != base)
    }

    @Test func unrelatedFilesDoNotChangeTheDigest() throws {
        let base = try RuleSetLoader.load(ShippedConfig.rules()).digest
        var files = try ShippedConfig.rules()
        files.files["README.md"] = "notes"
        #expect(try RuleSetLoader.load(files).digest == base)
    }
}
