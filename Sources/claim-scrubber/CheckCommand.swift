// `claim-scrubber check FILE|- [--pretty] [--config DIR]`: scrubs one claim offline with the embedded
// default rule set (or the rule data in DIR) and prints the result JSON. With `--batch`, an NDJSON
// batch (see BatchCheckCommand).
// Exit status: 0 clean, 1 findings (warnings or errors), 2 bad usage or bad input (message on stderr).
import ClaimRules
import ClaimWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuleData

enum CheckCommand {
    static func run(_ args: [String]) -> Int32 {
        let arguments: CheckArguments
        switch CheckArguments.parse(args) {
        case .success(let parsed):
            arguments = parsed
        case .failure(let error):
            if error.isHelp {
                print(CheckArguments.usage)
                return 0
            }
            printError("claim-scrubber check: \(error.message)\n\(CheckArguments.usage)")
            return 2
        }

        let rules: RuleSet
        do {
            if let directory = arguments.configDirectory {
                rules = try RuleSetLoader.load(directory: rulesDirectory(directory))
            } else {
                rules = try RuleSetLoader.loadDefault()
            }
        } catch {
            printError("claim-scrubber check: cannot load rule data:\n\(error.description)")
            return 2
        }

        if arguments.batch { return BatchCheckCommand.run(arguments, rules: rules) }

        let inputName = arguments.input == "-" ? "stdin" : arguments.input
        let bytes: [UInt8]
        if arguments.input == "-" {
            bytes = StandardStreams.readInput()
        } else {
            guard let data = FileManager.default.contents(atPath: arguments.input) else {
                printError("claim-scrubber check: cannot read \(arguments.input)")
                return 2
            }
            bytes = [UInt8](data)
        }

        let outcome = ClaimCheck.run(bytes, rules: rules, pretty: arguments.pretty, inputName: inputName)
        if !outcome.diagnostics.isEmpty {
            printError(outcome.diagnostics.joined(separator: "\n"))
        }
        if !outcome.output.isEmpty {
            StandardStreams.writeOutput(outcome.output)
        }
        return outcome.exitStatus
    }

    /// `--config DIR` names a configuration directory (holding `rules/`) or the rules directory itself.
    static func rulesDirectory(_ directory: String) -> String {
        let nested = FilePaths.join(directory, "rules")
        return FilePaths.isDirectory(nested) ? nested : directory
    }

    static func printError(_ message: String) {
        StandardStreams.writeError(message + "\n")
    }
}
