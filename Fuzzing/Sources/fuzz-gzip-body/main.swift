// Fuzz target: the gzip request body path (Content-Encoding: gzip): StreamedContentDecoder, as the
// streamed routes use it (receive, resume while input is held back, finish), over GzipInflater.
//
// The first byte chooses what the rest is:
// - even: a body as sent (any bytes). It never crashes; the inflated bytes handed out never pass the
//   limit (drawn from the input, small ones too); and the outcome (the bytes, or the failure) is the
//   same as inflating the body whole (`GzipInflater.inflateAll`, the single-claim routes' path),
//   whatever the pieces the body arrives in and the budget of one step.
// - odd: a payload X, sent gzip-compressed (the compression level and a cut into several concatenated
//   members drawn from the input). With a limit of at least |X| it inflates to exactly X; with a
//   smaller limit it fails `.tooLarge` after handing out at most `limit` bytes, all a prefix of X.
import CZlib
import FuzzSupport
@testable import ScrubberService

/// One gzip member holding `bytes` (zlib, RFC 1952 wrapper).
func gzipMember(_ bytes: [UInt8], level: Int32) -> [UInt8] {
    var stream = z_stream()
    guard deflateInit2_(&stream, level, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                        Int32(MemoryLayout<z_stream>.size)) == Z_OK else { FuzzCheck.fail("deflateInit2 failed") }
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 64)
    let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = uInt(outBuffer.count)
            return deflate(&stream, Z_FINISH)
        }
    }
    FuzzCheck.require(status == Z_STREAM_END, "deflate returned \(status)")
    return Array(output.prefix(Int(stream.total_out)))
}

struct Outcome: Equatable {
    var bytes: [UInt8]
    var failure: GzipInflater.Failure?
}

/// The body through a decoder, as a stream handler drives it: each piece received, then resumed a
/// number of times drawn from the input (a server may deliver the next piece before every resume),
/// then finished.
func stream(_ pieces: [[UInt8]], limit: Int, budget: Int, random: inout DataRandom) -> Outcome {
    let decoder = StreamedContentDecoder(coding: .gzip, limit: limit, budget: budget)
    var out: [UInt8] = []
    let sink: (UnsafeRawBufferPointer) -> Void = { piece in
        FuzzCheck.require(piece.count <= budget + 64 * 1024, "one piece of \(piece.count) bytes with a budget of \(budget)")
        out.append(contentsOf: piece)
        FuzzCheck.require(out.count <= limit, "\(out.count) inflated bytes handed out, limit \(limit)")
    }
    do throws(GzipInflater.Failure) {
        for piece in pieces {
            let before = out.count
            var held = try piece.withUnsafeBytes { bytes in
                Result { () throws(GzipInflater.Failure) in try decoder.receive(bytes, sink) }
            }.get()
            // One call stays within about one budget (plus the last step's output).
            FuzzCheck.require(out.count - before <= budget + 64 * 1024, "one receive handed out \(out.count - before) bytes, budget \(budget)")
            var resumes = random.next() % 4 == 0 ? Int.random(in: 0...2, using: &random) : Int.max
            while held && resumes > 0 {
                held = try decoder.resume(sink)
                resumes -= 1
            }
        }
        try decoder.finish(sink)
    } catch {
        return Outcome(bytes: out, failure: error)
    }
    return Outcome(bytes: out, failure: nil)
}

FuzzTarget.run { data in
    guard let mode = data.first else { return }
    var random = DataRandom(data)
    let rest = Array(data.dropFirst())
    let budget = random.next() % 2 == 0 ? Int.random(in: 1...4096, using: &random) : StreamedContentDecoder.defaultBudget

    if mode % 2 == 0 {
        let limit = random.next() % 2 == 0 ? Int.random(in: 0...4096, using: &random) : 1 << 20
        let whole: Outcome
        switch GzipInflater.inflateAll(rest, limit: limit) {
        case .success(let bytes): whole = Outcome(bytes: bytes, failure: nil)
        case .failure(let failure): whole = Outcome(bytes: [], failure: failure)
        }
        let pieces = rest.withUnsafeBytes { random.pieces(of: $0, maxPiece: Int.random(in: 1...1024, using: &random)) }
        let streamed = stream(pieces, limit: limit, budget: budget, random: &random)
        if let failure = whole.failure {
            FuzzCheck.require(streamed.failure == failure, "streamed in \(pieces.count) pieces: \(String(describing: streamed.failure)), whole: \(failure)")
        } else {
            FuzzCheck.require(streamed == whole, "streamed in \(pieces.count) pieces: \(streamed.bytes.count) bytes, \(String(describing: streamed.failure)); whole: \(whole.bytes.count) bytes")
        }
        return
    }

    // A payload sent compressed, as one member or several.
    let level = Int32(random.next() % 10)
    let members = random.next() % 4 == 0 ? Int.random(in: 2...4, using: &random) : 1
    var body: [UInt8] = []
    var start = 0
    for m in 0..<members {
        let end = m == members - 1 ? rest.count : Int.random(in: start...rest.count, using: &random)
        body += gzipMember(Array(rest[start..<end]), level: level)
        start = end
    }
    let limit: Int
    switch random.next() % 4 {
    case 0: limit = rest.count
    case 1: limit = rest.isEmpty ? 0 : Int.random(in: 0..<rest.count, using: &random)
    default: limit = 1 << 20
    }
    let pieces = body.withUnsafeBytes { random.pieces(of: $0, maxPiece: Int.random(in: 1...1024, using: &random)) }
    let streamed = stream(pieces, limit: limit, budget: budget, random: &random)
    if limit >= rest.count {
        FuzzCheck.require(streamed.failure == nil, "a valid gzip body (\(members) members) failed: \(String(describing: streamed.failure))")
        FuzzCheck.require(streamed.bytes == rest, "a gzip body of \(rest.count) bytes inflated to \(streamed.bytes.count) other bytes")
    } else {
        FuzzCheck.require(streamed.failure == .tooLarge, "\(rest.count) bytes with a limit of \(limit): \(String(describing: streamed.failure))")
        FuzzCheck.require(rest.starts(with: streamed.bytes), "the bytes handed out before .tooLarge are not the payload's start")
    }
}
