import Dispatch
import Locking

/// The single reload entry point (SIGHUP): reloads each component (rulesets, TLS material) in
/// turn, off the request path. A component that fails keeps its old data in service; the refusal
/// is logged with its reason and counted in /metrics.
public final class ServiceReloader: Sendable {
    /// One reloadable component: `reload` loads and validates everything before swapping, and
    /// returns a short summary for the log (e.g. the ruleset ids now in service).
    public struct Component: Sendable {
        public var name: String
        public var reload: @Sendable () throws -> String

        public init(name: String, reload: @escaping @Sendable () throws -> String) {
            self.name = name
            self.reload = reload
        }
    }

    /// What one reload did, per component.
    public struct Report: Sendable, Equatable {
        public var succeeded: [String]
        public var failed: [String]
    }

    private let components: [Component]
    private let metrics: MetricsRegistry
    private let log: EventLog?
    private let queue = DispatchQueue(label: "claim-scrubber.reload")
    private let running = Locked(RunState())

    private struct RunState {
        var active = false
        var pending = false
    }

    public init(components: [Component], metrics: MetricsRegistry, log: EventLog?) {
        self.components = components
        self.metrics = metrics
        self.log = log
    }

    /// Reloads every component now, on the calling thread, and reports what happened.
    @discardableResult
    public func reload() -> Report {
        var report = Report(succeeded: [], failed: [])
        for component in components {
            do {
                let summary = try component.reload()
                metrics.recordReload(component: component.name, succeeded: true)
                log?.log("info", "reload", [("component", component.name), ("result", "ok"), ("detail", summary)])
                report.succeeded.append(component.name)
            } catch {
                metrics.recordReload(component: component.name, succeeded: false)
                log?.log("error", "reload refused; previous data stays in service",
                         [("component", component.name), ("reason", String(describing: error))])
                report.failed.append(component.name)
            }
        }
        return report
    }

    /// Reloads in the background (from a signal handler). A SIGHUP that arrives during a reload
    /// runs one more reload afterwards, so files changed meanwhile are not missed.
    public func reloadInBackground(completion: (@Sendable (Report) -> Void)? = nil) {
        let start = running.withLock { state in
            if state.active { state.pending = true; return false }
            state.active = true
            return true
        }
        guard start else { return }
        queue.async { [self] in
            while true {
                let report = reload()
                completion?(report)
                let again = running.withLock { state in
                    if state.pending { state.pending = false; return true }
                    state.active = false
                    return false
                }
                if !again { break }
            }
        }
    }
}
