/// The parsed arguments of `claim-scrubber check FILE|- [--pretty] [--config FILE] [--rules DIR]` and
/// `claim-scrubber check --batch FILE|- [--jobs N] [--config FILE] [--rules DIR]`.
public struct CheckArguments: Equatable, Sendable {
    /// The claim file (or NDJSON batch), or "-" for standard input.
    public var input: String
    /// Indent the result JSON (one claim only).
    public var pretty: Bool
    /// The service configuration file (its rulesets directory is used), as for every command.
    public var configFile: String?
    /// A rule data directory (the layout of Config/rules) instead of the embedded built-in data.
    public var rulesDirectory: String?
    /// The input is an NDJSON batch, one claim per line.
    public var batch: Bool
    /// Worker threads for a batch; nil: one per usable CPU.
    public var jobs: Int?

    public init(input: String, pretty: Bool = false, configFile: String? = nil, rulesDirectory: String? = nil,
                batch: Bool = false, jobs: Int? = nil) {
        self.input = input
        self.pretty = pretty
        self.configFile = configFile
        self.rulesDirectory = rulesDirectory
        self.batch = batch
        self.jobs = jobs
    }

    /// Parses the arguments after `check`; the error is a message for stderr (exit status 2).
    public static func parse(_ arguments: [String]) -> Result<CheckArguments, CheckUsageError> {
        var input: String?
        var pretty = false
        var config: String?
        var rules: String?
        var batch = false
        var jobs: Int?
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
            case "--batch" where inline == nil:
                batch = true
            case "--config", "--rules", "--jobs":
                let value: String
                if let inline {
                    value = inline
                } else {
                    guard index + 1 < arguments.count else {
                        let what = argument == "--config" ? "file" : (argument == "--rules" ? "directory" : "number")
                        return .failure(CheckUsageError("\(argument) needs a \(what)"))
                    }
                    index += 1
                    value = arguments[index]
                }
                switch argument {
                case "--config": config = value
                case "--rules": rules = value
                default:
                    guard let n = Int(value), (1...1024).contains(n) else {
                        return .failure(CheckUsageError("--jobs needs a number from 1 to 1024"))
                    }
                    jobs = n
                }
            case "-h", "--help":
                return .failure(CheckUsageError("help", isHelp: true))
            default:
                if argument.hasPrefix("-") && argument != "-" {
                    return .failure(CheckUsageError("unknown option \(arguments[index])"))
                } else if input != nil {
                    return .failure(CheckUsageError("unexpected argument \(argument): one \(batch ? "batch" : "claim") file at a time"))
                } else {
                    input = argument
                }
            }
            index += 1
        }
        guard let input else {
            return .failure(CheckUsageError("missing \(batch ? "batch" : "claim") file (use - for standard input)"))
        }
        if batch && pretty { return .failure(CheckUsageError("--pretty does not apply to --batch (the output is one JSON text per line)")) }
        if !batch && jobs != nil { return .failure(CheckUsageError("--jobs applies to --batch only")) }
        return .success(CheckArguments(input: input, pretty: pretty, configFile: config, rulesDirectory: rules, batch: batch, jobs: jobs))
    }
}
