// `claim-scrubber check FILE|- [--pretty] [--config FILE] [--rules DIR]`: scrubs one claim offline and
// prints the result JSON, with the rulesets the service would use (the embedded built-in rule data, or
// DIR, plus the imported quarters of the configuration's rulesets directory) and its ICD-10-CM releases
// (the embedded one plus those imported into the same directory). With `--batch`, an NDJSON batch on
// several cores (BatchCheckCommand). An 837P file (recognised by its content: ISA after an optional
// byte-order mark) is read as it streams in and every claim in it is scrubbed (CheckCommand+X12.swift).
// Exit status: 0 clean (info notices do not count), 1 findings (warnings or errors), 2 bad usage or bad input
// (message on stderr).
import ClaimRules
import ClaimWire
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RuleData
import ScrubberService
import X12

enum CheckCommand {
    static let help = CommandHelp(
        name: "check",
        summary: "scrub one claim file (or every claim of an 837P file or an NDJSON batch) offline and print the result",
        synopsis: ["FILE|- [--pretty] [--config FILE] [--rules DIR]", "--batch FILE|- [--jobs N] [--config FILE] [--rules DIR]"],
        description: """
            Scrubs one claim (JSON, the Claim schema of openapi.yaml) offline and prints the result \
            JSON that POST /v1/claims/scrub returns for it. The rulesets are the ones serve would use: \
            the rule data embedded in the binary (the CMS NCCI edits in force on 2024-07-01 for therapy \
            codes, or DIR), plus the imported NCCI quarters in \
            the configuration's rulesets directory, chosen by the claim's date of service; diagnosis \
            codes are checked against the embedded ICD-10-CM release and those imported into that \
            directory. On bad \
            input nothing is printed on standard output; standard error names every problem (the \
            line and column of malformed JSON, or the JSON pointer of each schema problem). \
            An ASC X12 837P file (recognised by its content: ISA after an optional UTF-8 byte-order \
            mark) is read as it streams in and every claim in it is scrubbed: the output is the JSON \
            report of POST /v1/x12/837p, with the payer map of the configuration's x12.payerMap. \
            With --batch, FILE is an NDJSON batch (one claim per line): the output is the NDJSON that \
            POST /v1/claims/batch answers, one line per input line in input order, with the checks \
            across claims (duplicates, co-treatment, visit counts by patientRef); see docs/batch.md. \
            A summary (claims, clean, warnings, errors, bad lines, claims/s) goes to standard error, \
            and a progress line while it runs when standard error is a terminal.
            """,
        options: [
            .init(name: "FILE | -", meaning: "The claim file; - reads the claim from standard input.", defaultValue: nil),
            .init(name: "--pretty", meaning: "Indent the result (two spaces, arrays of scalars on one line); not with --batch.",
                  defaultValue: "one line, as the API answers"),
            .init(name: "--batch", meaning: "FILE is an NDJSON batch, scrubbed on several threads.", defaultValue: nil),
            .init(name: "--jobs N", meaning: "Threads for --batch (1 to 1024).",
                  defaultValue: "the CPUs the process may use (affinity, capped by a cgroup CPU limit)"),
            .init(name: "--config FILE", meaning: CommandHelp.configOption + " check uses its rulesets.directory.",
                  defaultValue: CommandHelp.configDefault),
            .init(name: "--rules DIR", meaning: "Rule data from DIR (the layout of Config/rules, or a directory holding rules/) instead of the copy embedded in the binary.",
                  defaultValue: "the embedded rule data"),
        ],
        exitStatuses: [
            (0, "the claim is clean (837P: every claim's status is clean and the file has no problems; --batch: every claim is clean and every line a claim)"),
            (1, "the result has findings (errors, warnings or conflicts; info notices do not count); 837P: a claim with warnings or errors, or any problem; --batch: a claim has findings or a line is not a claim"),
            (2, "bad usage; a claim that is malformed JSON, breaks the schema or fails validation; an ISA whose separators cannot be read; rule data or a configuration that does not load; --batch: input that cannot be read"),
        ])

    static func run(_ args: [String]) -> Int32 {
        let arguments: CheckArguments
        switch CheckArguments.parse(args) {
        case .success(let parsed):
            arguments = parsed
        case .failure(let error):
            if error.isHelp {
                print(help.render(), terminator: "")
                return 0
            }
            return help.usageError(error.message)
        }
        if let file = arguments.configFile, FilePaths.isDirectory(file) {
            return help.usageError("--config names the configuration file, and \(file) is a directory (rule data comes with --rules DIR)")
        }

        let base: RuleSet
        do {
            if let directory = arguments.rulesDirectory {
                base = try RuleSetLoader.load(directory: rulesDirectory(directory))
            } else {
                base = try RuleSetLoader.loadDefault()
            }
        } catch {
            printError("claim-scrubber check: cannot load rule data:\n\(error.description)")
            return 2
        }
        let embeddedCodes: ICD10CMCatalog
        do throws(RuleDataError) {
            embeddedCodes = try ICD10CMReleases(embedded: try ICD10CMReleaseLoader.embedded(), imported: []).catalog
        } catch {
            printError("claim-scrubber check: cannot load the embedded ICD-10-CM release:\n\(error.description)")
            return 2
        }
        let rulesFor: @Sendable (CalendarDate?) -> RuleSet?
        let configuration: ServiceConfiguration
        let diagnosisCodes: ICD10CMCatalog
        do {
            var flags = ConfigurationLoader.Flags()
            flags.configFile = arguments.configFile
            configuration = try ConfigurationLoader.load(flags: flags, environment: ProcessInfo.processInfo.environment,
                                                         embeddedDefaults: ServiceAssembly.embeddedDefaultConfiguration)
            if configuration.rulesetsDirectory == nil {
                rulesFor = { _ in base }
                diagnosisCodes = embeddedCodes
            } else {
                let provider = try CatalogRulesetProvider(directory: configuration.rulesetsDirectory, defaultRuleset: base)
                rulesFor = { date in date.flatMap(provider.ruleset(for:)) ?? base }
                diagnosisCodes = provider.diagnosisCodes
            }
        } catch {
            printError("claim-scrubber check: \(error.description)")
            return 2
        }

        if arguments.batch { return BatchCheckCommand.run(arguments, rulesFor: rulesFor, diagnosisCodes: diagnosisCodes) }

        let inputName = arguments.input == "-" ? "stdin" : arguments.input
        let fd = arguments.input == "-" ? STDIN_FILENO : open(arguments.input, O_RDONLY)
        guard fd >= 0 else {
            printError("claim-scrubber check: cannot read \(arguments.input)")
            return 2
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        // Enough of the input to tell an 837P from a JSON claim.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        var atEnd = false
        while X12Tokenizer.sniff(bytes) == nil || bytes.isEmpty {
            let n = StandardStreams.read(fd, into: &chunk)
            if n < 0 {
                printError("claim-scrubber check: cannot read \(arguments.input)")
                return 2
            }
            if n == 0 {
                atEnd = true
                break
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        if X12Tokenizer.sniff(bytes) == true {
            return checkX12(fd: fd, head: bytes, atEnd: atEnd, rules: base, configuration: configuration, arguments: arguments,
                            inputName: inputName)
        }
        while !atEnd {
            let n = StandardStreams.read(fd, into: &chunk)
            if n < 0 {
                printError("claim-scrubber check: cannot read \(arguments.input)")
                return 2
            }
            if n == 0 { atEnd = true } else { bytes.append(contentsOf: chunk[0..<n]) }
        }

        let outcome = ClaimCheck.run(bytes, rulesFor: rulesFor, diagnosisCodes: diagnosisCodes, pretty: arguments.pretty,
                                     inputName: inputName)
        if !outcome.diagnostics.isEmpty {
            printError(outcome.diagnostics.joined(separator: "\n"))
        }
        if !outcome.output.isEmpty {
            StandardStreams.writeOutput(outcome.output)
        }
        return outcome.exitStatus
    }

    /// `--rules DIR` names the rules directory itself or a directory holding `rules/` (such as `Config`).
    static func rulesDirectory(_ directory: String) -> String {
        let nested = FilePaths.join(directory, "rules")
        return FilePaths.isDirectory(nested) ? nested : directory
    }

    static func printError(_ message: String) {
        StandardStreams.writeError(message + "\n")
    }
}
