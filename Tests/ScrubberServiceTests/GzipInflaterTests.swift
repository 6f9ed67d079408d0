import Foundation
import Testing
@testable import ScrubberService

/// GzipInflater and StreamedContentDecoder on their own: the outcome of a body does not depend on the
/// pieces it arrives in.
@Suite struct GzipInflaterTests {
    /// 10,000 bytes of claim-like text, gzip-compressed, with its CRC-32 (RFC 1952 §2.3.1) damaged.
    static let payload = Array(String(repeating: "{\"claimId\":\"C-1\",\"lines\":[{\"code\":\"97530\",\"units\":2}]}\n", count: 200).utf8.prefix(10_000))
    static func damagedCRC() -> [UInt8] {
        var body = Gzip.compress(payload)
        body[body.count - 8] ^= 0xFF
        return body
    }

    /// The body through a decoder in pieces of `size` bytes, resumed until nothing is held back.
    static func streamed(_ body: [UInt8], size: Int, limit: Int) -> Result<[UInt8], GzipInflater.Failure> {
        let decoder = StreamedContentDecoder(coding: .gzip, limit: limit, budget: 1024)
        var out: [UInt8] = []
        let sink: (UnsafeRawBufferPointer) -> Void = { out.append(contentsOf: $0) }
        do throws(GzipInflater.Failure) {
            var start = 0
            while start < body.count {
                let piece = Array(body[start..<min(body.count, start + size)])
                var held = try piece.withUnsafeBytes { bytes in
                    Result { () throws(GzipInflater.Failure) in try decoder.receive(bytes, sink) }
                }.get()
                while held { held = try decoder.resume(sink) }
                start += size
            }
            try decoder.finish(sink)
        } catch {
            return .failure(error)
        }
        return .success(out)
    }

    @Test func aBodyBothTooLargeAndCorruptIsTooLargeHoweverItArrives() {
        let body = Self.damagedCRC()
        // Whole, the CRC error comes in the same inflate step as the bytes that pass the limit.
        #expect(GzipInflater.inflateAll(body, limit: 5_000) == .failure(.tooLarge))
        for size in [1, 16, 100, body.count] {
            #expect(Self.streamed(body, size: size, limit: 5_000) == .failure(.tooLarge), "pieces of \(size) bytes")
        }
    }

    @Test func aCorruptBodyWithinTheLimitIsMalformedHoweverItArrives() {
        let body = Self.damagedCRC()
        #expect(GzipInflater.inflateAll(body, limit: 1 << 20) == .failure(.malformed))
        for size in [1, 16, 100, body.count] {
            #expect(Self.streamed(body, size: size, limit: 1 << 20) == .failure(.malformed), "pieces of \(size) bytes")
        }
    }

    @Test func aValidBodyInflatesToItsPayloadHoweverItArrives() {
        let body = Gzip.compress(Self.payload) + Gzip.compress(Array("second member\n".utf8))
        let expected = Self.payload + Array("second member\n".utf8)
        #expect(GzipInflater.inflateAll(body, limit: expected.count) == .success(expected))
        for size in [1, 7, 1000, body.count] {
            #expect(Self.streamed(body, size: size, limit: expected.count) == .success(expected), "pieces of \(size) bytes")
            #expect(Self.streamed(body, size: size, limit: expected.count - 1) == .failure(.tooLarge), "pieces of \(size) bytes")
        }
    }
}
