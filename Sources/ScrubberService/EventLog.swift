/// Operational events (start, reload, refusal, shutdown) as JSON lines, separate from the access
/// log. Messages name settings and files, never request data.
public final class EventLog: Sendable {
    private let writer: LogWriter
    private let clock = LogClock()

    public init(writer: LogWriter) { self.writer = writer }

    public func log(_ level: String, _ event: String, _ fields: [(String, String)] = []) {
        var out = JSONText(capacity: 160)
        out.raw("{\"time\":")
        clock.appendTimestamp(to: &out)
        out.raw(",\"level\":")
        out.string(level)
        out.raw(",\"event\":")
        out.string(event)
        for (name, value) in fields {
            out.raw(",")
            out.string(name)
            out.raw(":")
            out.string(value)
        }
        out.raw("}")
        writer.write(line: out.bytes)
        writer.flush()
    }
}
