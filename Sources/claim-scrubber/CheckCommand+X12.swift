import ClaimRules
import ClaimWire
import ClaimX12
import ScrubberService
import X12

extension CheckCommand {
    /// Scrubs every claim of an 837P read from `fd` (after the `head` bytes already read), writing the
    /// report as it grows: the same JSON `POST /v1/x12/837p` answers. Exit status 0 when every claim is
    /// clean and nothing is wrong with the file, 1 otherwise, 2 when the input is not an X12 interchange.
    /// The rulesets and the payer map are the service's: `rules` (embedded or `--rules`) with the imported
    /// quarters of the configuration's rulesets directory, and its `x12.payerMap`.
    static func checkX12(fd: Int32, head: [UInt8], atEnd: Bool, rules: RuleSet, configuration: ServiceConfiguration,
                         arguments: CheckArguments, inputName: String) -> Int32 {
        let processor: RulesEngineProcessor
        do {
            processor = RulesEngineProcessor(provider: try CatalogRulesetProvider(directory: configuration.rulesetsDirectory,
                                                                                  defaultRuleset: rules))
        } catch {
            printError("claim-scrubber check: \(error.description)")
            return 2
        }
        let latest = processor.latestRuleset
        let mapper = X12ClaimMapper(payerMap: configuration.x12PayerMap, rules: latest)
        let session = X12ScrubSession(output: .report, mapper: mapper, readerOptions: X12Reader.Options(rules: latest),
                                      pretty: arguments.pretty) {
            processor.x12Verdict($0)
        }
        session.feed(head)
        StandardStreams.writeOutput(session.drain())
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        var done = atEnd
        while !done && session.failure == nil {
            let n = StandardStreams.read(fd, into: &chunk)
            if n < 0 {
                printError("claim-scrubber check: cannot read \(arguments.input)")
                return 2
            }
            if n == 0 {
                done = true
            } else {
                chunk.withUnsafeBytes { session.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                StandardStreams.writeOutput(session.drain())
            }
        }
        session.finish()
        if let failure = session.failure {
            let reason = failure == .noISA ? "does not start with an ISA segment" : "has an ISA segment whose separators cannot be read"
            printError("claim-scrubber check: \(inputName) is not an X12 interchange: it \(reason)")
            return 2
        }
        var out = session.drain()
        out.append(UInt8(ascii: "\n"))
        StandardStreams.writeOutput(out)
        return session.isClean ? 0 : 1
    }
}
