#if canImport(Glibc)
import Glibc
#endif
import ClaimRules
import ClaimWire
import ClaimX12
import ScrubberService
import X12

extension CheckCommand {
    /// Scrubs every claim of an 837P read from `fd` (after the `head` bytes already read), writing the
    /// report as it grows: the same JSON `POST /v1/x12/837p` answers. Exit status 0 when every claim is
    /// clean and nothing is wrong with the file, 1 otherwise, 2 when the input is not an X12 interchange.
    static func checkX12(fd: Int32, head: [UInt8], atEnd: Bool, rules: RuleSet, arguments: CheckArguments,
                         inputName: String) -> Int32 {
        var payerMap = X12PayerMap()
        if let text = environment("SCRUBBER_X12_PAYER_MAP") {
            guard let map = X12PayerMap(text: text) else {
                printError("claim-scrubber check: SCRUBBER_X12_PAYER_MAP: each entry must be payerId:ID=payer or filingIndicator:CODE=payer")
                return 2
            }
            payerMap = map
        }
        let processor: RulesEngineProcessor
        do {
            processor = RulesEngineProcessor(provider: try CatalogRulesetProvider(directory: nil, defaultRuleset: rules))
        } catch {
            printError("claim-scrubber check: cannot load rule data:\n\(error.description)")
            return 2
        }
        let session = X12ScrubSession(output: .report, mapper: X12ClaimMapper(payerMap: payerMap), pretty: arguments.pretty) {
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

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
