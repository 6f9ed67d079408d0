/// The access log: one JSON object per request on one line, with the route template (never the raw
/// target), status, sizes and timing, the API key name and the mTLS subject, and never a body,
/// a query string or anything from the claim.
public final class AccessLog: Sendable {
    /// What one access-log line records.
    public struct Entry: Sendable {
        public var requestID: String
        public var method: String
        public var route: String
        public var status: Int
        public var bytes: Int
        public var seconds: Double
        public var apiKey: String?
        public var clientSubject: String?
        /// A batch's claims and bad lines, and why it stopped early (nil: it did not).
        public var batch: (claims: Int, badLines: Int, stopped: String?)?

        public init(requestID: String, method: String, route: String, status: Int, bytes: Int, seconds: Double,
                    apiKey: String?, clientSubject: String?, batch: (claims: Int, badLines: Int, stopped: String?)? = nil) {
            self.requestID = requestID
            self.method = method
            self.route = route
            self.status = status
            self.bytes = bytes
            self.seconds = seconds
            self.apiKey = apiKey
            self.clientSubject = clientSubject
            self.batch = batch
        }
    }

    private let writer: LogWriter
    private let clock = LogClock()

    public init(writer: LogWriter) { self.writer = writer }

    public func record(_ entry: Entry) {
        var out = JSONText(capacity: 256)
        out.raw("{\"time\":")
        clock.appendTimestamp(to: &out)
        out.raw(",\"requestId\":")
        out.string(entry.requestID)
        out.raw(",\"method\":")
        out.string(entry.method)
        out.raw(",\"route\":")
        out.string(entry.route)
        out.raw(",\"status\":")
        out.int(entry.status)
        out.raw(",\"bytes\":")
        out.int(entry.bytes)
        out.raw(",\"durationMs\":")
        out.fixed(entry.seconds * 1000, fractionDigits: 3)
        if let key = entry.apiKey {
            out.raw(",\"apiKey\":")
            out.string(key)
        }
        if let subject = entry.clientSubject {
            out.raw(",\"clientSubject\":")
            out.string(subject)
        }
        if let batch = entry.batch {
            out.raw(",\"claims\":")
            out.int(batch.claims)
            out.raw(",\"badLines\":")
            out.int(batch.badLines)
            if let stopped = batch.stopped {
                out.raw(",\"stopped\":")
                out.string(stopped)
            }
        }
        out.raw("}")
        writer.write(line: out.bytes)
    }

    public func flush() { writer.flush() }
}
