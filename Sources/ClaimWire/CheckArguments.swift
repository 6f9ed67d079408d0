/// The parsed arguments of `claim-scrubber check FILE|- [--pretty] [--config DIR]` and
/// `claim-scrubber check --batch FILE|- [--jobs N] [--config DIR]`.
public struct CheckArguments: Equatable, Sendable {
    /// The claim file (or NDJSON batch), or "-" for standard input.
    public var input: String
    /// Indent the result JSON (one claim only).
    public var pretty: Bool
    /// A configuration directory to load rules from instead of the embedded default.
    public var configDirectory: String?
    /// The input is an NDJSON batch, one claim per line.
    public var batch: Bool
    /// Worker threads for a batch; nil: one per usable CPU.
    public var jobs: Int?

    public init(input: String, pretty: Bool = false, configDirectory: String? = nil, batch: Bool = false, jobs: Int? = nil) {
        self.input = input
        self.pretty = pretty
        self.configDirectory = configDirectory
        self.batch = batch
        self.jobs = jobs
    }

    public static let usage = """
        usage: claim-scrubber check FILE|- [--pretty] [--config DIR]
               claim-scrubber check --batch FILE|- [--jobs N] [--config DIR]
        """

    /// Parses the arguments after `check`; the error is a message for stderr (exit status 2).
    public static func parse(_ arguments: [String]) -> Result<CheckArguments, CheckUsageError> {
        var input: String?
        var pretty = false
        var config: String?
        var batch = false
        var jobs: Int?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--pretty":
                pretty = true
            case "--batch":
                batch = true
            case "--config", "--jobs":
                guard index + 1 < arguments.count else {
                    return .failure(CheckUsageError(argument == "--jobs" ? "--jobs needs a number" : "--config needs a directory"))
                }
                index += 1
                if argument == "--config" {
                    config = arguments[index]
                } else {
                    guard let n = Int(arguments[index]), (1...1024).contains(n) else {
                        return .failure(CheckUsageError("--jobs needs a number from 1 to 1024"))
                    }
                    jobs = n
                }
            case "-h", "--help":
                return .failure(CheckUsageError(usage, isHelp: true))
            default:
                if argument.hasPrefix("--config=") {
                    config = String(argument.dropFirst("--config=".count))
                } else if argument.hasPrefix("--jobs=") {
                    guard let n = Int(argument.dropFirst("--jobs=".count)), (1...1024).contains(n) else {
                        return .failure(CheckUsageError("--jobs needs a number from 1 to 1024"))
                    }
                    jobs = n
                } else if argument.hasPrefix("-") && argument != "-" {
                    return .failure(CheckUsageError("unknown option \(argument)"))
                } else if input != nil {
                    return .failure(CheckUsageError(batch ? "only one batch file can be checked at a time"
                                                          : "only one claim file can be checked at a time"))
                } else {
                    input = argument
                }
            }
            index += 1
        }
        guard let input else {
            return .failure(CheckUsageError(batch ? "missing batch file (use - for standard input)"
                                                  : "missing claim file (use - for standard input)"))
        }
        if batch && pretty { return .failure(CheckUsageError("--pretty does not apply to --batch (the output is one JSON text per line)")) }
        if !batch && jobs != nil { return .failure(CheckUsageError("--jobs applies to --batch only")) }
        return .success(CheckArguments(input: input, pretty: pretty, configDirectory: config, batch: batch, jobs: jobs))
    }
}
