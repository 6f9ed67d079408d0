import EmbeddedConfig
import RuleData

/// The command line before a command runs: `--version`, `help [COMMAND]`, `COMMAND --help`, and
/// usage errors for a missing or unknown command (exit 2).
enum MainCommand {
    /// The product version, raised with each release (the API's own version is in openapi.yaml).
    static let version = "0.1.0"

    /// A command: its help (name, summary, options, exit statuses) and its entry point (the arguments
    /// after the name; returns the exit status).
    struct Command: Sendable {
        var help: CommandHelp
        var run: @Sendable ([String]) -> Int32
    }

    /// Every command, in the order `claim-scrubber help` lists them.
    static let commands: [Command] = [
        Command(help: ServeCommand.help, run: { ServeCommand.run($0) }),
        Command(help: CheckCommand.help, run: { CheckCommand.run($0) }),
        Command(help: RulesCommand.help, run: { RulesCommand.run($0) }),
        Command(help: ImportNCCICommand.help, run: { ImportNCCICommand.run($0) }),
        Command(help: ImportICD10CMCommand.help, run: { ImportICD10CMCommand.run($0) }),
        Command(help: HashKeyCommand.help, run: { HashKeyCommand.run($0) }),
        Command(help: HealthcheckCommand.help, run: { HealthcheckCommand.run($0) }),
    ]

    static func run(_ arguments: [String]) -> Int32 {
        guard let first = arguments.first else {
            StandardStreams.writeError("claim-scrubber: no command given\n\n" + overview())
            return 2
        }
        switch first {
        case "--version":
            guard arguments.count == 1 else { return topLevelError("--version takes no arguments") }
            return printVersion()
        case "-h", "--help":
            print(overview(), terminator: "")
            return 0
        case "help":
            if arguments.count == 1 {
                print(overview(), terminator: "")
                return 0
            }
            guard arguments.count == 2 else { return topLevelError("help takes one command name") }
            guard let command = commands.first(where: { $0.help.name == arguments[1] }) else {
                return topLevelError("unknown command \"\(arguments[1])\"")
            }
            print(command.help.render(), terminator: "")
            return 0
        default:
            guard let command = commands.first(where: { $0.help.name == first }) else {
                return topLevelError(first.hasPrefix("-") ? "unknown option \(first)" : "unknown command \"\(first)\"")
            }
            let rest = Array(arguments.dropFirst())
            if rest.contains("-h") || rest.contains("--help") {
                print(command.help.render(), terminator: "")
                return 0
            }
            return command.run(rest)
        }
    }

    /// `claim-scrubber --help`: the forms of the command line and the commands.
    static func overview() -> String {
        var text = """
            usage: claim-scrubber COMMAND [OPTIONS]
                   claim-scrubber help COMMAND   every option of COMMAND, its defaults and exit statuses
                   claim-scrubber --version      version, git revision and the embedded rule data

            commands:

            """
        // The longest name and two spaces: the summaries line up.
        let nameColumn = (commands.map(\.help.name.count).max() ?? 12) + 2
        for command in commands {
            text += "  " + TextFormat.padded(command.help.name, to: nameColumn) + command.help.summary + "\n"
        }
        return text
    }

    static func topLevelError(_ message: String) -> Int32 {
        let names = commands.map(\.help.name).joined(separator: ", ")
        StandardStreams.writeError("claim-scrubber: \(message); the commands are \(names) (claim-scrubber help lists them)\n")
        return 2
    }

    /// `claim-scrubber --version`: what the binary is and what it was built from.
    static func versionText() throws(RuleDataError) -> String {
        let loaded = try RuleSetLoader.loadWithManifest(RuleDataFiles.embedded())
        return """
            claim-scrubber \(version)
            revision \(BuildInfo.revision)
            rule data \(loaded.ruleSet.id) version \(loaded.manifest.version) sha256:\(loaded.ruleSet.digest)

            """
    }

    private static func printVersion() -> Int32 {
        do {
            print(try versionText(), terminator: "")
            return 0
        } catch {
            StandardStreams.writeError("claim-scrubber: the embedded rule data does not load:\n\(error.description)\n")
            return 1
        }
    }
}
