// claim-scrubber: one executable, several subcommands. Each subcommand lives in its own file
// (`<Name>Command.swift`) as an enum with `static func run(_ args: [String]) -> Int32`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Every subcommand: name, one-line summary, entry point (arguments after the name; returns the exit status).
let commands: [(name: String, summary: String, run: ([String]) -> Int32)] = [
    // Registered by the issues that build them.
    ("check", "scrub a claim JSON file (or - for stdin) offline; --batch: an NDJSON batch on all cores", CheckCommand.run),
    ("rules", "validate rule data (built-in, or a rules directory) and print its id, version and digest", RulesCommand.run),
    ("hash-key", "print the SHA-256 (hex) of an API key read from stdin", HashKeyCommand.run),
    ("serve", "serve the scrubbing API over HTTP(S) (see GET /openapi.yaml)", ServeCommand.run),
    ("import-ncci", "import the CMS NCCI PTP/MUE files of a quarter into a ruleset directory", ImportNCCICommand.run),
    ("healthcheck", "exit 0 when the local server answers GET /healthz with 200 (container HEALTHCHECK)", HealthcheckCommand.run),
]

@MainActor func usage() -> String {
    var text = "usage: claim-scrubber <command> [options]\n\ncommands:\n"
    for command in commands { text += "  \(TextFormat.padded(command.name, to: 14))\(command.summary)\n" }
    return text
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let command = commands.first(where: { $0.name == name }) else {
    if let first = arguments.first, first == "-h" || first == "--help" || first == "help" {
        print(usage(), terminator: "")
        exit(0)
    }
    StandardStreams.writeError(usage())
    exit(2)
}
exit(command.run(Array(arguments.dropFirst())))
