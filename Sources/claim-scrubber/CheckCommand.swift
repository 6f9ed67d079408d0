// `claim-scrubber check FILE|- [--pretty] [--config DIR]`: scrubs one claim offline with the embedded
// default rule set (or the rule data in DIR) and prints the result JSON. An 837P file (recognised by
// its content: ISA after an optional byte-order mark) is read as it streams in and every claim in it is
// scrubbed (CheckCommand+X12.swift).
// Exit status: 0 clean, 1 findings (warnings or errors), 2 bad usage or bad input (message on stderr).
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
import X12

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
            return checkX12(fd: fd, head: bytes, atEnd: atEnd, rules: rules, arguments: arguments, inputName: inputName)
        }
        while !atEnd {
            let n = StandardStreams.read(fd, into: &chunk)
            if n < 0 {
                printError("claim-scrubber check: cannot read \(arguments.input)")
                return 2
            }
            if n == 0 { atEnd = true } else { bytes.append(contentsOf: chunk[0..<n]) }
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
