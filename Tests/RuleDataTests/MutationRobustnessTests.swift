import Testing
@testable import RuleData

/// Damaged rule data never crashes or hangs the loader: every mutation either still loads or is refused
/// with problems that each name a file.
@Suite struct MutationRobustnessTests {
    /// SplitMix64: deterministic, so a failure can be replayed.
    private struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Characters that matter to the formats: separators, quotes, digits, brackets, a multi-byte scalar.
    private static let alphabet: [Character] = ["\t", "\n", "\r", "\"", ",", ":", "{", "}", "[", "]", "0", "9", "*", "-", "/", "#", " ", "x", "é", "\\"]

    @Test func randomEditsAreLoadedOrRefusedWithProblems() throws {
        let shipped = try ShippedConfig.rules()
        let names = shipped.files.keys.sorted()
        var random = Random(state: 20261129)
        for iteration in 0..<40 {
            var files = shipped
            let name = names[random.below(names.count)]
            var characters = Array(files.files[name] ?? "")
            for _ in 0..<(1 + random.below(3)) where !characters.isEmpty {
                let at = random.below(characters.count)
                switch random.below(3) {
                case 0: characters[at] = Self.alphabet[random.below(Self.alphabet.count)]
                case 1: characters.remove(at: at)
                default: characters.insert(Self.alphabet[random.below(Self.alphabet.count)], at: at)
                }
            }
            files.files[name] = String(characters)
            do {
                _ = try RuleSetLoader.load(files)
            } catch {
                #expect(!error.problems.isEmpty, "iteration \(iteration)")
                for problem in error.problems {
                    #expect(problem.file.hasPrefix("Config/rules/"), "iteration \(iteration): \(problem)")
                    #expect(!problem.message.isEmpty)
                    if let line = problem.line { #expect(line >= 1, "iteration \(iteration): \(problem)") }
                }
            }
        }
    }

    @Test func truncatedFilesAreRefused() throws {
        let shipped = try ShippedConfig.rules()
        for name in shipped.files.keys.sorted() where name.hasSuffix(".json") {
            var files = shipped
            let text = files.files[name] ?? ""
            files.files[name] = String(text.prefix(text.count / 2))
            #expect(throws: RuleDataError.self, "\(name) cut in half") { try RuleSetLoader.load(files) }
        }
    }
}
