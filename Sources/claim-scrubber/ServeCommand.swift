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
    static let help = CommandHelp(
        name: "serve",
        summary: "serve the scrubbing API over HTTP or HTTPS",
        synopsis: ["[--config FILE] [--host ADDRESS] [--port PORT]"],
        description: """
            Serves the scrubbing API over HTTP/1.1, or HTTPS when TLS is configured; GET /docs and \
            GET /openapi.yaml describe it. Settings apply in this order, later ones winning: the \
            compiled-in defaults, the configuration file, SCRUBBER_* environment variables, then \
            --host and --port. SIGTERM or SIGINT: readiness turns false, requests in flight finish, \
            exit 0. SIGHUP: reload the rulesets and the TLS files (a file that does not load keeps the \
            old data in service).
            """,
        options: [
            .init(name: "--config FILE", meaning: CommandHelp.configOption, defaultValue: CommandHelp.configDefault),
            .init(name: "--host ADDRESS", meaning: "Address to listen on (IPv4 or IPv6 literal, or a host name); overrides the setting host.",
                  defaultValue: "127.0.0.1"),
            .init(name: "--port PORT", meaning: "TCP port to listen on, 0 for any free port; overrides the setting port.",
                  defaultValue: "8080"),
        ],
        exitStatuses: [
            (0, "stopped by SIGTERM or SIGINT after the requests in flight finished"),
            (1, "cannot listen on the address and port"),
            (2, "bad usage, or a configuration that is not valid (the message names the setting and where it came from)"),
        ])

    static func run(_ args: [String]) -> Int32 {
        // A write to a closed socket must fail with EPIPE, not kill the process: SSL_write and
        // stdout writes cannot pass MSG_NOSIGNAL.
        signal(SIGPIPE, SIG_IGN)
        let configuration: ServiceConfiguration
        let assembly: ServiceAssembly
        do {
            let flags = try ConfigurationLoader.parseFlags(args)
            configuration = try ConfigurationLoader.load(flags: flags, environment: ProcessInfo.processInfo.environment,
                                                          embeddedDefaults: ServiceAssembly.embeddedDefaultConfiguration)
            assembly = try ServiceAssembly(configuration: configuration)
        } catch where error.origin == ConfigurationLoader.commandLineOrigin {
            return help.usageError(error.message)
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
