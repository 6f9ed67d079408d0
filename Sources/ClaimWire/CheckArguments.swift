/// The parsed arguments of `claim-scrubber check FILE|- [--pretty] [--config DIR] [--rulesets DIR]`.
public struct CheckArguments: Equatable, Sendable {
    /// The claim file, or "-" for standard input.
    public var input: String
    /// Indent the result JSON.
    public var pretty: Bool
    /// A configuration directory to load rules from instead of the embedded default.
    public var configDirectory: String?
    /// A rulesets directory (what `serve` calls `rulesets.directory`): its imported NCCI quarters and
    /// ICD-10-CM releases are used as the service uses them, chosen by the claim's date of service.
    public var rulesetsDirectory: String?

    public init(input: String, pretty: Bool = false, configDirectory: String? = nil, rulesetsDirectory: String? = nil) {
        self.input = input
        self.pretty = pretty
        self.configDirectory = configDirectory
        self.rulesetsDirectory = rulesetsDirectory
    }

    public static let usage = "usage: claim-scrubber check FILE|- [--pretty] [--config DIR] [--rulesets DIR]"

    /// Parses the arguments after `check`; the error is a message for stderr (exit status 2).
    public static func parse(_ arguments: [String]) -> Result<CheckArguments, CheckUsageError> {
        var input: String?
        var pretty = false
        var config: String?
        var rulesets: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--pretty":
                pretty = true
            case "--config":
                guard index + 1 < arguments.count else { return .failure(CheckUsageError("--config needs a directory")) }
                index += 1
                config = arguments[index]
            case "--rulesets":
                guard index + 1 < arguments.count else { return .failure(CheckUsageError("--rulesets needs a directory")) }
                index += 1
                rulesets = arguments[index]
            case "-h", "--help":
                return .failure(CheckUsageError(usage, isHelp: true))
            default:
                if argument.hasPrefix("--config=") {
                    config = String(argument.dropFirst("--config=".count))
                } else if argument.hasPrefix("--rulesets=") {
                    rulesets = String(argument.dropFirst("--rulesets=".count))
                } else if argument.hasPrefix("-") && argument != "-" {
                    return .failure(CheckUsageError("unknown option \(argument)"))
                } else if input != nil {
                    return .failure(CheckUsageError("only one claim file can be checked at a time"))
                } else {
                    input = argument
                }
            }
            index += 1
        }
        guard let input else { return .failure(CheckUsageError("missing claim file (use - for standard input)")) }
        return .success(CheckArguments(input: input, pretty: pretty, configDirectory: config, rulesetsDirectory: rulesets))
    }
}
