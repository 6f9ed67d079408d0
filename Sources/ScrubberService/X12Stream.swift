import ClaimX12
import HTTPServer

/// `POST /v1/x12/837p` while it streams: the body (inflated when gzip) goes into ClaimX12's push
/// session (`X12ScrubSession`) as it arrives, and what the session wrote in each call (the JSON
/// report's claims as each is scrubbed, or the 999's segments as each group ends) goes out as one
/// chunk of a 200 response, started with its first byte. Neither the file nor the answer is held whole.
///
/// A body that is not an interchange (no ISA, separators that cannot be read) is known before
/// anything is written: the rest of the body is read and dropped, and the answer is the 422 problem.
/// Errors before the first byte of the answer (malformed gzip 400, 413, 408, 503) are problem
/// responses with their status. After it, neither the JSON report nor the 999 has a place for an
/// error of the transfer, so the response is aborted (`HTTPResponseWriter.abort`): the chunked body
/// gets no last chunk and the connection closes, which every HTTP/1.1 client reports as an
/// incomplete response (RFC 9112 §7.1).
final class X12Stream: HTTPStreamHandler {
    private let service: ScrubberService
    private let session: X12ScrubSession
    private let decoder: StreamedContentDecoder
    private let contentType: String
    private let limit: Int
    private let requestID: String
    private let apiKeyName: String?
    private let clientSubject: String?
    private let method: String
    private let start: UInt64
    /// The body is not an interchange: the rest of it is dropped, the answer is 422.
    private var notX12 = false
    private var bytesSent = 0
    private var done = false

    init(service: ScrubberService, acknowledgment: Bool, coding: MediaType.ContentCoding, requestID: String,
         apiKeyName: String?, info: ConnectionInfo, method: String, start: UInt64) {
        self.service = service
        session = service.makeX12Session(acknowledgment: acknowledgment)
        limit = service.configuration.bodyLimit
        decoder = StreamedContentDecoder(coding: coding, limit: limit)
        contentType = acknowledgment ? "application/edi-x12" : "application/json"
        self.requestID = requestID
        self.apiKeyName = apiKeyName
        clientSubject = info.peerSubject
        self.method = method
        self.start = start
    }

    // MARK: - HTTPStreamHandler

    func receive(_ body: UnsafeRawBufferPointer, into response: inout HTTPResponseWriter) {
        guard !done else { return }
        do throws(GzipInflater.Failure) {
            if try decoder.receive(body, { feed($0, into: &response) }) { response.requestResume() }
        } catch {
            stop(gzip: error, into: &response)
        }
    }

    func resume(into response: inout HTTPResponseWriter) {
        guard !done else { return }
        do throws(GzipInflater.Failure) {
            if try decoder.resume({ feed($0, into: &response) }) { response.requestResume() }
        } catch {
            stop(gzip: error, into: &response)
        }
    }

    func finish(into response: inout HTTPResponseWriter) {
        guard !done else { return }
        do throws(GzipInflater.Failure) {
            try decoder.finish { feed($0, into: &response) }
        } catch {
            stop(gzip: error, into: &response)
            return
        }
        if !notX12 { session.finish() }
        if let failure = session.failure {
            answer(ProblemDetails.notX12(failure), into: &response)
            return
        }
        send(into: &response)
        startIfNeeded(&response)
        response.end()
        end(status: 200)
    }

    func interrupted(_ interruption: HTTPStreamInterruption, into response: inout HTTPResponseWriter) {
        guard !done else { return }
        if response.isStarted {
            send(into: &response)
            response.abort()
            end(status: 200)
        } else {
            // The server answers with the interruption's own status.
            end(status: interruption.status)
        }
    }

    func cancelled(_ interruption: HTTPStreamInterruption) {
        guard !done else { return }
        end(status: bytesSent > 0 ? 200 : 0)
    }

    // MARK: - Work

    private func feed(_ bytes: UnsafeRawBufferPointer, into response: inout HTTPResponseWriter) {
        guard !notX12 else { return }
        session.feed(bytes)
        if session.failure != nil {
            notX12 = true
            return
        }
        send(into: &response)
    }

    /// Hands what the session wrote so far to the response (one chunk per call into the handler).
    private func send(into response: inout HTTPResponseWriter) {
        let output = session.drain()
        guard !output.isEmpty else { return }
        startIfNeeded(&response)
        bytesSent += output.count
        response.write(output)
    }

    private func startIfNeeded(_ response: inout HTTPResponseWriter) {
        guard !response.isStarted else { return }
        response.start(status: 200, headers: HTTPHeaders([
            ("Content-Type", contentType), ("X-Request-ID", requestID), ("Cache-Control", "no-store"),
        ]))
    }

    /// Malformed or oversized gzip: a problem response when nothing was sent, else the abort.
    private func stop(gzip failure: GzipInflater.Failure, into response: inout HTTPResponseWriter) {
        if response.isStarted {
            send(into: &response)
            response.abort()
            end(status: 200)
            return
        }
        answer(failure == .tooLarge
            ? ProblemDetails(title: "Content Too Large", status: 413,
                             detail: "The body inflates to more than \(limit) bytes (limits.body).")
            : ProblemDetails.malformedGzip(failure), into: &response)
    }

    /// A problem response instead of the stream (nothing was sent yet).
    private func answer(_ problem: ProblemDetails, into response: inout HTTPResponseWriter) {
        var whole = problem.response()
        whole.headers.add("X-Request-ID", requestID)
        whole.headers.add("Cache-Control", "no-store")
        response.respond(whole)
        end(status: problem.status)
    }

    /// Metrics (with the findings of the claims scrubbed) and the access log, once.
    private func end(status: Int) {
        guard !done else { return }
        done = true
        var findings: [String] = []
        for (id, count) in session.findingCounts { findings.append(contentsOf: repeatElement(id, count: count)) }
        service.finishStream(.x12, requestID: requestID, method: method, status: status, bytes: bytesSent, start: start,
                             apiKeyName: apiKeyName, clientSubject: clientSubject, findings: findings)
    }
}
