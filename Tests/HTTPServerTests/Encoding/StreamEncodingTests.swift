import Testing
@testable import HTTPServer

/// The bytes of streamed responses (RFC 9112 §7.1): chunk sizes, the last chunk and trailers, and
/// the head for HTTP/1.1, HTTP/1.0, HEAD and 204.
@Suite struct StreamEncodingTests {
    private let date = Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8)

    private func head(status: Int = 200, headers: [(String, String)] = [("Content-Type", "application/x-ndjson")],
                      isHEAD: Bool = false, minor: Int = 1, keepAlive: Bool = true) throws -> String {
        var out: [UInt8] = []
        try HTTPResponseEncoder.encodeStreamHead(status: status, headers: HTTPHeaders(headers),
                                                 context: .init(isHEAD: isHEAD, minorVersion: minor, keepAlive: keepAlive),
                                                 date: date, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [(1, "1"), (9, "9"), (10, "a"), (15, "f"), (16, "10"), (255, "ff"), (4096, "1000"), (65536, "10000"),
                      (0x7fff_ffff_ffff_ffff, "7fffffffffffffff")])
    func chunkSizesAreMinimalLowercaseHex(value: Int, hex: String) {
        var out: [UInt8] = []
        HTTPResponseEncoder.appendHex(&out, value)
        #expect(String(decoding: out, as: UTF8.self) == hex)
    }

    @Test func aChunkIsSizeCRLFDataCRLFAndEmptyDataIsNoChunk() {
        var out: [UInt8] = []
        HTTPResponseEncoder.appendChunk(Array("{\"line\":1}\n".utf8), into: &out)
        HTTPResponseEncoder.appendChunk([], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "b\r\n{\"line\":1}\n\r\n")
    }

    @Test func theLastChunkCarriesTheTrailersThatMayBeSent() {
        var out: [UInt8] = []
        HTTPResponseEncoder.appendLastChunk(trailers: HTTPHeaders([
            ("X-Lines", "3"), ("Transfer-Encoding", "chunked"), ("Content-Length", "1"), ("Trailer", "X"),
            ("Content-Type", "text/plain"), ("X-Bad", "a\r\nb"), ("Bad Name", "v"), ("X-Digest", "sha-256=:abc=:"),
        ]), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "0\r\nX-Lines: 3\r\nX-Digest: sha-256=:abc=:\r\n\r\n")
        var bare: [UInt8] = []
        HTTPResponseEncoder.appendLastChunk(trailers: HTTPHeaders(), into: &bare)
        #expect(String(decoding: bare, as: UTF8.self) == "0\r\n\r\n")
    }

    @Test func anHTTP11HeadSaysChunkedAndNoLength() throws {
        #expect(try head(headers: [("Content-Type", "application/x-ndjson"), ("Content-Length", "5"), ("Date", "x"), ("X-Request-ID", "r1")])
            == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: application/x-ndjson\r\nX-Request-ID: r1\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n")
        #expect(try head(keepAlive: false).hasSuffix("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"))
    }

    /// RFC 9112 §6.1: no transfer coding to an HTTP/1.0 client; the close delimits the body.
    @Test func anHTTP10HeadHasNoFramingAndSaysClose() throws {
        #expect(try head(minor: 0)
            == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n")
    }

    /// RFC 9110 §9.3.2: HEAD gets GET's header fields; with no body, an HTTP/1.0 keep-alive may persist.
    @Test func aHEADResponseHeadIsGETsWithoutForcingAClose() throws {
        #expect(try head(isHEAD: true).hasSuffix("Transfer-Encoding: chunked\r\n\r\n"))
        #expect(try head(isHEAD: true, minor: 0).hasSuffix("Content-Type: application/x-ndjson\r\nConnection: keep-alive\r\n\r\n"))
    }

    @Test func a204HeadHasNoFramingAndNoContentType() throws {
        #expect(try head(status: 204, headers: [])
            == "HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
        #expect(HTTPResponseEncoder.streamFraming(status: 204, context: .init(isHEAD: false, minorVersion: 1, keepAlive: true)) == .none)
    }

    @Test func anInvalidHeadIsRefusedWhole() {
        var out: [UInt8] = []
        #expect(throws: HTTPResponseEncoder.InvalidHeader.self) {
            try HTTPResponseEncoder.encodeStreamHead(status: 200, headers: HTTPHeaders([("X", "a\rb")]),
                                                     context: .init(isHEAD: false, minorVersion: 1, keepAlive: true), date: date, into: &out)
        }
        #expect(throws: HTTPResponseEncoder.InvalidHeader.self) {
            try HTTPResponseEncoder.encodeStreamHead(status: 101, headers: HTTPHeaders(),
                                                     context: .init(isHEAD: false, minorVersion: 1, keepAlive: true), date: date, into: &out)
        }
        #expect(out.isEmpty)
    }
}
