/// The parsed arguments of `claim-scrubber check FILE|- [--pretty] [--config FILE] [--rules DIR]`.
public struct CheckArguments: Equatable, Sendable {
    /// The claim file, or "-" for standard input.
    public var input: String
    /// Indent the result JSON.
    public var pretty: Bool
    /// The service configuration file (its rulesets directory is used), as for every command.
    public var configFile: String?
    /// A rule data directory (the layout of Config/rules) instead of the embedded built-in data.
    public var rulesDirectory: String?

    public init(input: String, pretty: Bool = false, configFile: String? = nil, rulesDirectory: String? = nil) {
        self.input = input
        self.pretty = pretty
        self.configFile = configFile
        self.rulesDirectory = rulesDirectory
    }

    /// Parses the arguments after `check`; the error is a message for stderr (exit status 2).
    public static func parse(_ arguments: [String]) -> Result<CheckArguments, CheckUsageError> {
        var input: String?
        var pretty = false
        var config: String?
        var rules: String?
        var index = 0
        while index < arguments.count {
            var argument = arguments[index]
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                inline = String(argument[argument.index(after: equals)...])
                argument = String(argument[..<equals])
            }
            switch argument {
            case "--pretty" where inline == nil:
                pretty = true
            case "--config", "--rules":
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard index + 1 < arguments.count else {
                        return .failure(CheckUsageError("\(argument) needs a \(argument == "--config" ? "file" : "directory")"))
                    }
                    index += 1
                    value = arguments[index]
                }
                if argument == "--config" { config = value } else { rules = value }
            case "-h", "--help":
                return .failure(CheckUsageError("help", isHelp: true))
            default:
                if argument.hasPrefix("-") && argument != "-" {
                    return .failure(CheckUsageError("unknown option \(arguments[index])"))
                } else if input != nil {
                    return .failure(CheckUsageError("unexpected argument \(argument): one claim file at a time"))
                } else {
                    input = argument
                }
            }
            index += 1
        }
        guard let input else { return .failure(CheckUsageError("missing claim file (use - for standard input)")) }
        return .success(CheckArguments(input: input, pretty: pretty, configFile: config, rulesDirectory: rules))
    }
}
