import ClaimRules
import ClaimWire
import HTTPServer
import StrictJSON

/// `POST /v1/claims/batch` while it streams: the body (inflated when gzip) goes through a
/// `BatchScrubber` as it arrives, and every piece's output lines go out as one chunk of a 200
/// `application/x-ndjson` response, started with the first output line.
///
/// Errors before that line are answered with their status (400 malformed gzip, 413 too large, 408,
/// 503 shutdown). After it, the response is already 200: the batch then ends with one last line,
/// `{"error": {problem}, "processedThrough": N}` (the last input line answered), and the chunked body
/// ends properly, so a client can tell a complete batch (no `error` line) from one cut short.
/// A client that disconnects or stops reading ends the batch without a word (nothing can be sent).
final class BatchStream: HTTPStreamHandler {
    private let service: ScrubberService
    private var scrubber: BatchScrubber
    private let decoder: StreamedContentDecoder
    private let limit: Int
    private let requestID: String
    private let apiKeyName: String?
    private let clientSubject: String?
    private let method: String
    private let start: UInt64
    private var reported = BatchSummary()
    private var bytesSent = 0
    private var done = false
    /// The output lines of the call in progress, reused from call to call.
    private var writer = JSONWriter(capacity: 256 * 1024)

    init(service: ScrubberService, coding: MediaType.ContentCoding, sections: ResultSections, requestID: String,
         apiKeyName: String?, info: ConnectionInfo, method: String, start: UInt64) {
        self.service = service
        let configuration = service.configuration
        limit = configuration.batchBodyLimit
        decoder = StreamedContentDecoder(coding: coding, limit: configuration.batchBodyLimit)
        let data = service.processor.batchRulesets()
        scrubber = BatchScrubber(lineLimit: configuration.bodyLimit, sections: sections, diagnosisCodes: data.diagnosisCodes,
                                 threads: service.batchThreads, rules: data.rules)
        self.requestID = requestID
        self.apiKeyName = apiKeyName
        self.clientSubject = info.peerSubject
        self.method = method
        self.start = start
    }

    /// A stream dropped without an end (not expected: the server always ends one) still frees its place.
    deinit {
        if !done { end(status: 0, stopped: "abandoned") }
    }

    // MARK: - HTTPStreamHandler

    func receive(_ body: UnsafeRawBufferPointer, into response: inout HTTPResponseWriter) {
        guard !done else { return }
        do throws(GzipInflater.Failure) {
            if try decoder.receive(body, { scrub($0, into: &response) }), !done { response.requestResume() }
        } catch {
            stop(gzip: error, into: &response)
        }
    }

    func resume(into response: inout HTTPResponseWriter) {
        guard !done else { return }
        do throws(GzipInflater.Failure) {
            if try decoder.resume({ scrub($0, into: &response) }), !done { response.requestResume() }
        } catch {
            stop(gzip: error, into: &response)
        }
    }

    func finish(into response: inout HTTPResponseWriter) {
        guard !done else { return }
        do throws(GzipInflater.Failure) {
            try decoder.finish { scrub($0, into: &response) }
        } catch {
            stop(gzip: error, into: &response)
            return
        }
        scrubber.finish(into: &writer)
        send(into: &response)
        startIfNeeded(&response)
        response.end()
        end(status: 200, stopped: nil)
    }

    func interrupted(_ interruption: HTTPStreamInterruption, into response: inout HTTPResponseWriter) {
        guard !done else { return }
        if response.isStarted {
            BatchLine.writeInterruption(type: "about:blank", title: HTTPStatusText.reason(interruption.status),
                                        status: interruption.status, detail: interruption.detail,
                                        processedThrough: scrubber.lastLine, to: &writer)
            send(into: &response)
            response.end()
            end(status: 200, stopped: interruption.reason)
        } else {
            // The server answers with the interruption's own status.
            end(status: interruption.status, stopped: interruption.reason)
        }
    }

    func cancelled(_ interruption: HTTPStreamInterruption) {
        guard !done else { return }
        end(status: bytesSent > 0 ? 200 : 0, stopped: interruption.reason)
    }

    // MARK: - Work

    private func scrub(_ bytes: UnsafeRawBufferPointer, into response: inout HTTPResponseWriter) {
        guard !done else { return }
        scrubber.feed(bytes, into: &writer)
        send(into: &response)
        reportProgress()
    }

    /// Hands the lines written so far to the response (one chunk per call into the handler). A large
    /// output is handed over whole, not copied: the next call writes into a new buffer the size of
    /// this one (so it does not grow by copying either).
    private func send(into response: inout HTTPResponseWriter) {
        let count = writer.count
        guard count > 0 else { return }
        startIfNeeded(&response)
        bytesSent += count
        if count >= Self.handOverBytes {
            response.write(writer.takeOutput(capacity: count + count / 4))
        } else {
            writer.withOutput { response.write($0) }
            writer.reset()
        }
    }

    /// Outputs at least this large are handed to the response rather than copied.
    private static let handOverBytes = 64 * 1024

    private func startIfNeeded(_ response: inout HTTPResponseWriter) {
        guard !response.isStarted else { return }
        response.start(status: 200, headers: HTTPHeaders([
            ("Content-Type", "application/x-ndjson"), ("X-Request-ID", requestID), ("Cache-Control", "no-store"),
        ]))
    }

    /// The batch's own errors (gzip): a problem response when nothing was sent, else the last line.
    private func stop(gzip failure: GzipInflater.Failure, into response: inout HTTPResponseWriter) {
        let problem = failure == .tooLarge
            ? ProblemDetails(title: "Content Too Large", status: 413,
                             detail: "The batch inflates to more than \(limit) bytes (limits.batchBody).")
            : ProblemDetails.malformedGzip(failure)
        let reason = failure == .tooLarge ? "body_too_large" : "malformed_gzip"
        if response.isStarted {
            BatchLine.writeInterruption(type: problem.type, title: problem.title, status: problem.status, detail: problem.detail,
                                        processedThrough: scrubber.lastLine, to: &writer)
            send(into: &response)
            response.end()
            end(status: 200, stopped: reason)
        } else {
            var whole = problem.response()
            whole.headers.add("X-Request-ID", requestID)
            whole.headers.add("Cache-Control", "no-store")
            response.respond(whole)
            end(status: problem.status, stopped: reason)
        }
    }

    private func reportProgress() {
        let summary = scrubber.summary
        service.metrics.recordBatchProgress(claims: summary.claims - reported.claims, badLines: summary.badLines - reported.badLines,
                                            findings: scrubber.takeFindingCounts())
        reported = summary
    }

    /// Metrics and the access log, once.
    private func end(status: Int, stopped: String?) {
        guard !done else { return }
        done = true
        reportProgress()
        service.finishBatch(requestID: requestID, method: method, status: status, bytes: bytesSent, start: start,
                            apiKeyName: apiKeyName, clientSubject: clientSubject,
                            batch: (scrubber.summary.claims, scrubber.summary.badLines, stopped))
    }
}
