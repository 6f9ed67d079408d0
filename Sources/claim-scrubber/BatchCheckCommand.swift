// `claim-scrubber check --batch FILE|- [--jobs N] [--config FILE] [--rules DIR]`: scrubs an NDJSON batch (one claim
// per line) on several cores and writes one NDJSON line per input line, in input order, with the
// checks across claims of `POST /v1/claims/batch`. A summary goes to stderr, and a progress line
// while it runs when stderr is a terminal.
// Exit status: 0 every claim clean, 1 findings or lines that are not claims, 2 unreadable input.
#if canImport(Glibc)
import Glibc
#endif
import CEventPoll
import ClaimRules
import ClaimWire
import Dispatch
import RuleData
import ScrubberService

enum BatchCheckCommand {
    static func run(_ arguments: CheckArguments, rulesFor: @escaping @Sendable (CalendarDate?) -> RuleSet?,
                    diagnosisCodes: ICD10CMCatalog) -> Int32 {
        let fd: Int32
        if arguments.input == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(arguments.input, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                CheckCommand.printError("claim-scrubber check: cannot read \(arguments.input): \(String(cString: strerror(errno)))")
                return 2
            }
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        let jobs = arguments.jobs ?? max(1, Int(cs_available_cpus()))
        let start = DispatchTime.now().uptimeNanoseconds
        let progress = isatty(STDERR_FILENO) == 1 ? ProgressLine(start: start) : nil
        let pipeline = BatchPipeline(
            jobs: jobs, rules: { rulesFor($0) }, diagnosisCodes: diagnosisCodes, lineLimit: ServiceConfiguration().bodyLimit,
            read: { buffer in readSome(fd, into: buffer) },
            write: { bytes in StandardStreams.writeAllOutput(bytes) },
            progress: progress.map { line in { summary in line.update(summary) } })
        let (summary, outcome) = pipeline.run()
        progress?.clear()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        StandardStreams.writeError(summaryLine(summary, seconds: seconds) + "\n")
        switch outcome {
        case .readFailed(let code):
            CheckCommand.printError("claim-scrubber check: reading \(arguments.input == "-" ? "stdin" : arguments.input) failed: "
                + String(cString: strerror(code)))
            return 2
        case .writeFailed:
            return 2
        case .complete:
            return summary.badLines == 0 && summary.claimsWithFindings == 0 ? 0 : 1
        }
    }

    /// "batch: 3 claims (1 clean, 1 warnings, 1 errors), 1 bad lines, 0.01 s, 300 claims/s".
    static func summaryLine(_ s: BatchSummary, seconds: Double) -> String {
        let rate = seconds > 0 ? Int(Double(s.claims) / seconds) : 0
        return "batch: \(s.claims) claims (\(s.clean) clean, \(s.warnings) warnings, \(s.errors) errors), "
            + "\(s.badLines) bad lines, \(TextFormat.fixed(seconds, fractionDigits: 2)) s, \(rate) claims/s"
    }

    /// One read(2), retried on EINTR: the byte count, 0 at the end, -errno on failure.
    static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            return -Int(errno)
        }
    }

    /// "\r12000 claims, 104000 claims/s" on stderr, at most every half second.
    final class ProgressLine: @unchecked Sendable {
        private let start: UInt64
        private var last: UInt64 = 0

        init(start: UInt64) { self.start = start }

        /// Called in the pipeline's write turns only (one at a time).
        func update(_ summary: BatchSummary) {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now - last >= 500_000_000 else { return }
            last = now
            let rate = Int(Double(summary.claims) / max(1e-9, Double(now - start) / 1e9))
            StandardStreams.writeError("\r\(summary.claims) claims, \(summary.badLines) bad lines, \(rate) claims/s\u{1B}[K")
        }

        func clear() {
            if last > 0 { StandardStreams.writeError("\r\u{1B}[K") }
        }
    }
}
