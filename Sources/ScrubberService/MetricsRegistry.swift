import Locking
import Synchronization

/// The service's Prometheus metrics. Every request updates them under one short lock; `/metrics`
/// renders the text exposition format (version 0.0.4).
public final class MetricsRegistry: Sendable {
    /// Upper bounds (seconds) of the latency histogram buckets; `+Inf` is implied.
    public static let latencyBuckets: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]

    /// Route labels: every route template, plus `unmatched` (404s) and `protocol` (responses the
    /// HTTP layer wrote itself: bad framing, limits, timeouts).
    static let routeLabels: [String] = ServiceRoute.allCases.map(\.rawValue) + ["unmatched", "protocol"]
    static let unmatchedIndex = ServiceRoute.allCases.count
    static let protocolIndex = ServiceRoute.allCases.count + 1

    private struct RequestKey: Hashable {
        var route: Int
        var method: String
        var status: Int
    }

    private struct Histogram {
        var buckets = [UInt64](repeating: 0, count: MetricsRegistry.latencyBuckets.count)
        var count: UInt64 = 0
        var sum: Double = 0
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var latency = [Histogram](repeating: Histogram(), count: MetricsRegistry.routeLabels.count)
        var findings: [String: UInt64] = [:]
        var rejected: [String: UInt64] = [:]
        var reloads: [String: UInt64] = [:]
        var reloadFailures: [String: UInt64] = [:]
        var authFailures: [String: UInt64] = [:]
        var batchClaims: UInt64 = 0
        var batchBadLines: UInt64 = 0
        var batches: [String: UInt64] = [:]
    }

    private let state = Locked(State())
    private let openConnections = Atomic<Int>(0)
    private let connectionsTotal = Atomic<Int>(0)

    public init() {}

    /// Records one request the service answered.
    func recordRequest(routeIndex: Int, method: String, status: Int, seconds: Double, findings: [String] = []) {
        // Methods are tokens chosen by clients; keep the label set bounded.
        let methodLabel: String
        switch method {
        case "GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH": methodLabel = method
        default: methodLabel = "other"
        }
        let bucket = MetricsRegistry.latencyBuckets.firstIndex { seconds <= $0 }
        state.withLock { s in
            s.requests[RequestKey(route: routeIndex, method: methodLabel, status: status), default: 0] += 1
            if routeIndex < s.latency.count {
                if let bucket { s.latency[routeIndex].buckets[bucket] += 1 }
                s.latency[routeIndex].count += 1
                s.latency[routeIndex].sum += seconds
            }
            for id in findings { s.findings[id, default: 0] += 1 }
        }
    }

    /// A request the HTTP layer rejected before the handler saw it.
    public func recordRejected(reason: String, status: Int) {
        state.withLock { s in
            s.rejected[reason, default: 0] += 1
            if status > 0 {
                s.requests[RequestKey(route: MetricsRegistry.protocolIndex, method: "other", status: status), default: 0] += 1
            }
        }
    }

    public func connectionOpened() {
        openConnections.add(1, ordering: .relaxed)
        connectionsTotal.add(1, ordering: .relaxed)
    }

    public func connectionClosed() { openConnections.subtract(1, ordering: .relaxed) }

    /// A reload attempt of `component` ("rulesets" or "tls").
    public func recordReload(component: String, succeeded: Bool) {
        state.withLock { s in
            if succeeded { s.reloads[component, default: 0] += 1 } else { s.reloadFailures[component, default: 0] += 1 }
        }
    }

    /// Claims scrubbed and bad lines met in a batch since its last report, with their findings.
    func recordBatchProgress(claims: Int, badLines: Int, findings: [String: Int]) {
        guard claims > 0 || badLines > 0 || !findings.isEmpty else { return }
        state.withLock { s in
            s.batchClaims += UInt64(claims)
            s.batchBadLines += UInt64(badLines)
            for (id, count) in findings { s.findings[id, default: 0] += UInt64(count) }
        }
    }

    /// A batch ended: "complete", or why it stopped ("body_too_large", "malformed_gzip", "shutdown", ...).
    func recordBatchEnd(outcome: String) {
        state.withLock { s in s.batches[outcome, default: 0] += 1 }
    }

    func recordAuthFailure(reason: String) {
        state.withLock { s in s.authFailures[reason, default: 0] += 1 }
    }

    /// The number of failed reloads of `component` so far.
    public func reloadFailures(component: String) -> UInt64 {
        state.withLock { $0.reloadFailures[component] ?? 0 }
    }

    /// The Prometheus text exposition; `gauges` adds service-level gauges (name, help, value).
    func render(extraGauges: [(name: String, help: String, value: Double)] = []) -> [UInt8] {
        let s = state.withLock { $0 }
        var out = JSONText(capacity: 8192)

        out.raw("# HELP scrubber_http_requests_total HTTP requests answered, by route template, method and status.\n")
        out.raw("# TYPE scrubber_http_requests_total counter\n")
        let keys = s.requests.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for key in keys {
            out.raw("scrubber_http_requests_total{route=")
            label(&out, MetricsRegistry.routeLabels[key.route])
            out.raw(",method=")
            label(&out, key.method)
            out.raw(",status=\"")
            out.int(key.status)
            out.raw("\"} ")
            out.int(Int(s.requests[key] ?? 0))
            out.raw("\n")
        }

        out.raw("# HELP scrubber_http_request_duration_seconds Time from the first byte of a request to its response, by route template.\n")
        out.raw("# TYPE scrubber_http_request_duration_seconds histogram\n")
        for (index, histogram) in s.latency.enumerated() where histogram.count > 0 {
            let route = MetricsRegistry.routeLabels[index]
            var cumulative: UInt64 = 0
            for (b, bound) in MetricsRegistry.latencyBuckets.enumerated() {
                cumulative += histogram.buckets[b]
                out.raw("scrubber_http_request_duration_seconds_bucket{route=")
                label(&out, route)
                out.raw(",le=\"")
                out.raw(MetricsRegistry.format(bound))
                out.raw("\"} ")
                out.int(Int(cumulative))
                out.raw("\n")
            }
            out.raw("scrubber_http_request_duration_seconds_bucket{route=")
            label(&out, route)
            out.raw(",le=\"+Inf\"} ")
            out.int(Int(histogram.count))
            out.raw("\nscrubber_http_request_duration_seconds_sum{route=")
            label(&out, route)
            out.raw("} ")
            out.fixed(histogram.sum, fractionDigits: 6)
            out.raw("\nscrubber_http_request_duration_seconds_count{route=")
            label(&out, route)
            out.raw("} ")
            out.int(Int(histogram.count))
            out.raw("\n")
        }

        out.raw("# HELP scrubber_http_open_connections Client connections open now.\n")
        out.raw("# TYPE scrubber_http_open_connections gauge\n")
        out.raw("scrubber_http_open_connections ")
        out.int(openConnections.load(ordering: .relaxed))
        out.raw("\n# HELP scrubber_http_connections_total Client connections accepted since start.\n")
        out.raw("# TYPE scrubber_http_connections_total counter\n")
        out.raw("scrubber_http_connections_total ")
        out.int(connectionsTotal.load(ordering: .relaxed))
        out.raw("\n")

        counterFamily(&out, name: "scrubber_http_rejected_total",
                      help: "Requests the HTTP layer rejected before routing, by reason.", labelName: "reason", values: s.rejected)
        counterFamily(&out, name: "scrubber_findings_total",
                      help: "Findings reported in scrub results, by catalog id.", labelName: "id", values: s.findings)
        counterFamily(&out, name: "scrubber_reloads_total",
                      help: "Successful reloads (SIGHUP), by component.", labelName: "component", values: s.reloads)
        counterFamily(&out, name: "scrubber_reload_failures_total",
                      help: "Refused reloads (the old data stayed in service), by component.", labelName: "component",
                      values: s.reloadFailures, always: ["rulesets", "tls"])
        out.raw("# HELP scrubber_batch_claims_total Claims scrubbed in batches (POST /v1/claims/batch).\n")
        out.raw("# TYPE scrubber_batch_claims_total counter\n")
        out.raw("scrubber_batch_claims_total ")
        out.int(Int(s.batchClaims))
        out.raw("\n# HELP scrubber_batch_bad_lines_total Batch lines that were not a valid claim (answered with their problems).\n")
        out.raw("# TYPE scrubber_batch_bad_lines_total counter\n")
        out.raw("scrubber_batch_bad_lines_total ")
        out.int(Int(s.batchBadLines))
        out.raw("\n")
        counterFamily(&out, name: "scrubber_batches_total",
                      help: "Batches ended, by outcome (complete, or why the batch stopped early).", labelName: "outcome",
                      values: s.batches, always: ["complete"])
        counterFamily(&out, name: "scrubber_auth_failures_total",
                      help: "Requests refused for a missing or unknown API key or client subject, by reason.",
                      labelName: "reason", values: s.authFailures)

        for gauge in extraGauges {
            out.raw("# HELP "); out.raw(gauge.name); out.raw(" "); out.raw(gauge.help); out.raw("\n")
            out.raw("# TYPE "); out.raw(gauge.name); out.raw(" gauge\n")
            out.raw(gauge.name); out.raw(" "); out.raw(MetricsRegistry.format(gauge.value)); out.raw("\n")
        }
        return out.bytes
    }

    private func counterFamily(_ out: inout JSONText, name: String, help: String, labelName: String,
                               values: [String: UInt64], always: [String] = []) {
        out.raw("# HELP "); out.raw(name); out.raw(" "); out.raw(help); out.raw("\n")
        out.raw("# TYPE "); out.raw(name); out.raw(" counter\n")
        var all = values
        for key in always where all[key] == nil { all[key] = 0 }
        for key in all.keys.sorted() {
            out.raw(name); out.raw("{"); out.raw(labelName); out.raw("=")
            label(&out, key)
            out.raw("} ")
            out.int(Int(all[key] ?? 0))
            out.raw("\n")
        }
    }

    /// A quoted label value with the exposition format's escapes (backslash, quote, newline).
    private func label(_ out: inout JSONText, _ value: String) {
        out.raw(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out.raw("\\\\")
            case UInt8(ascii: "\""): out.raw("\\\"")
            case 0x0A: out.raw("\\n")
            default: out.raw(byte)
            }
        }
        out.raw(UInt8(ascii: "\""))
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
