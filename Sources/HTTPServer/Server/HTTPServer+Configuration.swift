extension HTTPServer {
    /// Everything the server can be told. Every limit and timeout is on by default (safe defaults);
    /// the defaults are the service's documented ones (docs/http.md).
    public struct Configuration: Sendable {
        /// Size limits on what a client may send; exceeding one is answered with the status named
        /// on the field and the connection is closed.
        public struct Limits: Sendable, Equatable {
            /// Longest request line (method, target, version; without CRLF) in bytes: 414 beyond.
            public var requestLine: Int
            /// Largest header section (every field line with its CRLF, and the empty line) in
            /// bytes: 431 beyond. Also bounds chunked trailers.
            public var headerSection: Int
            /// Most header fields in one request: 431 beyond. Also bounds chunked trailers.
            public var headerCount: Int
            /// Largest request body (Content-Length, or the sum of chunk sizes): 413 beyond.
            public var body: Int

            public init(
                requestLine: Int = 8 * 1024,
                headerSection: Int = 32 * 1024,
                headerCount: Int = 100,
                body: Int = 1024 * 1024
            ) {
                self.requestLine = requestLine
                self.headerSection = headerSection
                self.headerCount = headerCount
                self.body = body
            }
        }

        /// Timeouts in seconds. A connection that misses one is closed (with 408 when a request
        /// had started and nothing was answered yet). Zero or a negative value turns that timeout off
        /// (not recommended: the defaults are all on).
        public struct Timeouts: Sendable, Equatable {
            /// The whole header section must arrive within this many seconds of its first byte
            /// (slow-loris). A fresh connection must also send its first byte within this time.
            public var header: Double
            /// Longest pause between two reads of a request body.
            public var bodyProgress: Double
            /// How long a keep-alive connection may sit idle between requests.
            public var idle: Double
            /// Longest time a pending response may make no progress (a client that stops reading).
            public var write: Double
            /// The TLS handshake must complete within this many seconds of the accept.
            public var handshake: Double
            /// After `beginShutdown()`, in-flight requests get this long before connections are
            /// closed by force.
            public var drain: Double

            public init(
                header: Double = 10,
                bodyProgress: Double = 10,
                idle: Double = 60,
                write: Double = 10,
                handshake: Double = 10,
                drain: Double = 10
            ) {
                self.header = header
                self.bodyProgress = bodyProgress
                self.idle = idle
                self.write = write
                self.handshake = handshake
                self.drain = drain
            }
        }

        /// Address to bind: an IPv4 or IPv6 literal ("127.0.0.1", "0.0.0.0", "::"), or "localhost".
        public var host: String
        /// Port to bind; 0 picks an ephemeral port (read it back from `HTTPServer.boundPort`).
        public var port: Int
        public var limits: Limits
        public var timeouts: Timeouts
        /// Most connections open at once; beyond it new connections get 503 + `Connection: close`.
        public var maxConnections: Int
        /// Listen backlog (at least 256 is used).
        public var backlog: Int
        /// When set, every accepted connection runs its bytes through a session from this provider.
        public var tls: (any TransportSecurityProvider)?
        /// Event loop threads; 0 (the default) is one per CPU this process may use: its CPU affinity,
        /// capped by a cgroup CPU limit (a Kubernetes `limits.cpu`).
        public var eventLoops: Int

        public init(
            host: String = "127.0.0.1",
            port: Int = 8080,
            limits: Limits = Limits(),
            timeouts: Timeouts = Timeouts(),
            maxConnections: Int = 1024,
            backlog: Int = 511,
            tls: (any TransportSecurityProvider)? = nil,
            eventLoops: Int = 0
        ) {
            self.host = host
            self.port = port
            self.limits = limits
            self.timeouts = timeouts
            self.maxConnections = maxConnections
            self.backlog = backlog
            self.tls = tls
            self.eventLoops = eventLoops
        }
    }
}
