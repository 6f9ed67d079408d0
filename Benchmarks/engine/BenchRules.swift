import ClaimRules
import Foundation
import RuleData

/// The rule set the benchmark scrubs against: the embedded default (Config/rules).
enum BenchRules {
    static func load() -> RuleSet {
        do {
            return try RuleSetLoader.loadDefault()
        } catch {
            FileHandle.standardError.write(Data("engine-bench: cannot load the default rule data:\n\(error.description)\n".utf8))
            exit(2)
        }
    }
}
