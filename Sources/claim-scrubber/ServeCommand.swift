#if canImport(Glibc)
import Glibc
#endif
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPServer
import ScrubberService

/// `claim-scrubber serve`: the HTTP API on the embedded default configuration, overridden by
/// `--config FILE`, `SCRUBBER_*` environment variables, `--host` and `--port`.
enum ServeCommand {
    static let usage = """
        usage: claim-scrubber serve [--host ADDRESS] [--port PORT] [--config FILE]

        Serves the scrubbing API (GET /openapi.yaml describes it). Settings: compiled-in defaults
        (the same as Config/claim-scrubber.json), then FILE (or $SCRUBBER_CONFIG), then SCRUBBER_*
        environment variables, then the flags. SIGTERM/SIGINT: readiness goes false, in-flight
        requests finish, exit 0. SIGHUP: reload rulesets and TLS files (a bad file keeps the old data).

        """

    static func run(_ args: [String]) -> Int32 {
        // A write to a closed socket must fail with EPIPE, not kill the process: SSL_write and
        // stdout writes cannot pass MSG_NOSIGNAL.
        signal(SIGPIPE, SIG_IGN)
        let configuration: ServiceConfiguration
        let assembly: ServiceAssembly
        do {
            let flags = try ConfigurationLoader.parseFlags(args)
            if flags.help {
                print(usage, terminator: "")
                return 0
            }
            configuration = try ConfigurationLoader.load(flags: flags, environment: ProcessInfo.processInfo.environment,
                                                          embeddedDefaults: ServiceAssembly.embeddedDefaultConfiguration)
            assembly = try ServiceAssembly(configuration: configuration)
        } catch {
            StandardStreams.writeError("claim-scrubber serve: \(error.description)\n")
            return 2
        }

        let runtime = ServiceRuntime(
            configuration: configuration, processor: assembly.processor, tls: assembly.tls,
            reloadComponents: assembly.reloadComponents,
            accessLogWriter: LogWriter(destination: .fileDescriptor(STDOUT_FILENO)),
            eventLogWriter: LogWriter(destination: .fileDescriptor(STDERR_FILENO), flushInterval: nil),
            openAPIDocument: assembly.openAPIDocument)
        do {
            try runtime.start()
        } catch {
            StandardStreams.writeError("claim-scrubber serve: cannot listen on \(configuration.host):\(configuration.port): \(error)\n")
            return 1
        }
        if let notice = assembly.rulesetNotice {
            runtime.eventLog.log("warning", "no NCCI quarter imported", [("component", "rulesets"), ("detail", notice)])
        }

        let signals = SignalHandling(runtime: runtime)
        signals.install()
        withExtendedLifetime(signals) { dispatchMain() }
    }
}

/// SIGTERM/SIGINT drain and exit 0; SIGHUP reloads. Dispatch signal sources run the handlers on a
/// queue, outside async-signal context, so they may lock, allocate and log.
final class SignalHandling: Sendable {
    private let runtime: ServiceRuntime
    private let queue = DispatchQueue(label: "claim-scrubber.signals")
    // Dispatch sources are thread-safe; kept only so they stay alive.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    init(runtime: ServiceRuntime) { self.runtime = runtime }

    func install() {
        for number in [SIGTERM, SIGINT, SIGHUP] {
            // The default action would kill the process before the source sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [runtime] in
                if number == SIGHUP {
                    runtime.eventLog.log("info", "SIGHUP: reloading")
                    runtime.reloader.reloadInBackground()
                } else {
                    SignalHandling.shutdown(runtime, signal: number)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    private static func shutdown(_ runtime: ServiceRuntime, signal number: Int32) {
        guard !runtime.server.isDraining else { return }
        runtime.eventLog.log("info", number == SIGTERM ? "SIGTERM" : "SIGINT")
        runtime.beginShutdown()
        DispatchQueue.global().async {
            let clean = runtime.waitUntilStopped()
            // A forced close after the drain timeout is still an orderly stop.
            _ = clean
            exit(0)
        }
    }
}
