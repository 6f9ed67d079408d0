/// What `claim-scrubber help NAME` and `claim-scrubber NAME --help` print for one command: its
/// synopsis, what it does, every option with its default, and its exit statuses. Usage errors of
/// the command name the wrong argument and point here.
struct CommandHelp: Sendable {
    struct Option: Sendable {
        /// As typed, with its value: `--config FILE`.
        var name: String
        var meaning: String
        /// What applies when the option is not given; nil for a switch that is simply off.
        var defaultValue: String?
    }

    var name: String
    /// One line, for the command list of `claim-scrubber help`.
    var summary: String
    /// The forms of the command line after `claim-scrubber NAME`.
    var synopsis: [String]
    var description: String
    var options: [Option]
    var exitStatuses: [(status: Int32, meaning: String)]

    static let width = 100

    /// The `usage:` lines alone (printed with a usage error).
    var usage: String {
        var text = ""
        for (index, form) in synopsis.enumerated() {
            text += (index == 0 ? "usage: " : "       ") + "claim-scrubber \(name)" + (form.isEmpty ? "" : " \(form)") + "\n"
        }
        return text
    }

    /// The whole help text.
    func render() -> String {
        var text = usage + "\n" + CommandHelp.wrap(description, indent: "") + "\n"
        let all = options + [Option(name: "-h, --help", meaning: "Print this help and exit 0.", defaultValue: nil)]
        let column = min(all.map(\.name.count).max() ?? 0, 22) + 4
        text += "options:\n"
        for option in all {
            var meaning = option.meaning
            if let defaultValue = option.defaultValue { meaning += " Default: \(defaultValue)." }
            let lines = CommandHelp.wrap(meaning, indent: String(repeating: " ", count: column)).dropFirst(column)
            if option.name.count + 2 >= column {
                text += "  \(option.name)\n" + String(repeating: " ", count: column) + lines
            } else {
                text += TextFormat.padded("  \(option.name)", to: column) + lines
            }
        }
        text += "\nexit status:\n"
        for exit in exitStatuses {
            text += "  \(exit.status)  " + CommandHelp.wrap(exit.meaning, indent: "     ").dropFirst(5)
        }
        return text
    }

    /// A usage error: names what is wrong, shows the usage lines, exit status 2.
    func usageError(_ message: String) -> Int32 {
        StandardStreams.writeError("claim-scrubber \(name): \(message)\n\(usage)Run 'claim-scrubber help \(name)' for every option.\n")
        return 2
    }

    /// `text` in lines of at most `width` characters, each starting with `indent`, each ending in a newline.
    static func wrap(_ text: String, indent: String) -> String {
        var out = "", line = indent
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if line.count > indent.count && line.count + 1 + word.count > width {
                out += line + "\n"
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        return out + line + "\n"
    }
}

extension CommandHelp {
    /// `--config FILE` means the same for every command that takes it.
    static let configOption = """
        The service configuration file: JSON with the settings of the configuration manual \
        (docs/configuration.md), in the layout of Config/claim-scrubber.json. Every command that takes \
        --config reads it the same way: the compiled-in defaults, then this file, then the SCRUBBER_* \
        environment variables.
        """
    static let configDefault = "$SCRUBBER_CONFIG, else no file (the compiled-in defaults)"
}
