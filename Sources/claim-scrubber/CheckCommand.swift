// `claim-scrubber check FILE|- [--pretty] [--config DIR] [--rulesets DIR]`: scrubs one claim offline with the
// embedded default rule set (or the rule data in DIR) and the embedded ICD-10-CM release, plus the NCCI
// quarters and ICD-10-CM releases imported under a rulesets directory, and prints the result JSON.
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

        let base: RuleSet
        do {
            if let directory = arguments.configDirectory {
                base = try RuleSetLoader.load(directory: rulesDirectory(directory))
            } else {
                base = try RuleSetLoader.loadDefault()
            }
        } catch {
            printError("claim-scrubber check: cannot load rule data:\n\(error.description)")
            return 2
        }
        let catalog: RulesetCatalog
        let releases: ICD10CMReleases
        do throws(NCCIImportError) {
            catalog = try RulesetCatalogLoader.load(directory: arguments.rulesetsDirectory, defaultRuleset: base)
        } catch {
            printError("claim-scrubber check: cannot load the rulesets:\n\(error.description)")
            return 2
        }
        do throws(RuleDataError) {
            releases = try ICD10CMReleaseLoader.load(directory: arguments.rulesetsDirectory, embedded: try ICD10CMReleaseLoader.embedded())
        } catch {
            printError("claim-scrubber check: cannot load the ICD-10-CM releases:\n\(error.description)")
            return 2
        }

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

        // The ruleset in force on the claim's date of service, as the service picks it (a claim that does not
        // decode gets its problems from ClaimCheck whichever ruleset is passed).
        let date = (try? ClaimDecoder().decode(bytes))?.earliestDateOfService
        let rules = date.map { catalog.ruleset(for: $0) } ?? base
        let outcome = ClaimCheck.run(bytes, rules: rules, diagnosisCodes: releases.catalog, pretty: arguments.pretty, inputName: inputName)
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
