internal import CZlib

/// Inflates a `Content-Encoding: gzip` request body (RFC 9110 §8.4.1.3, RFC 1952) with the system
/// zlib, as it arrives and in bounded steps, never past a limit on the inflated size.
///
/// Decisions on what RFC 1952 leaves open: concatenated members are one body (as gunzip reads
/// them); anything after a member that does not start another one (zero padding included) is
/// refused as trailing garbage; a body that ends inside a member (or is empty) is truncated.
/// Used by one request on one thread.
final class GzipInflater {
    enum Failure: Error, Equatable {
        /// Not gzip, or corrupt (bad header, bad deflate data, CRC or length mismatch).
        case malformed
        /// The body ended inside a member.
        case truncated
        /// Bytes after the last member that do not start another one.
        case trailingGarbage
        /// The inflated size passed the limit.
        case tooLarge
    }

    /// Inflated bytes handed out so far.
    private(set) var inflatedCount = 0
    let limit: Int
    private let stream: UnsafeMutablePointer<z_stream>
    private var ready = false
    /// Compressed bytes received and not yet inflated.
    private var input: [UInt8] = []
    private var inputOffset = 0
    /// Between members: the last member ended; the next byte decides.
    private var betweenMembers = false
    private var sawMember = false
    private var failed: Failure?
    private let output = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    init(limit: Int) {
        self.limit = limit
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 16 + 15: a gzip wrapper (RFC 1952) around a deflate stream with a 32 KiB window.
        ready = inflateInit2_(stream, 16 + 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if ready { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// True while received bytes wait to be inflated (call `inflate` again).
    var hasPendingInput: Bool { failed == nil && inputOffset < input.count }

    /// Takes more compressed bytes (inflated by the next `inflate` calls).
    func push(_ bytes: UnsafeRawBufferPointer) {
        if inputOffset == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 256 * 1024)
            inputOffset = 0
        }
        input.append(contentsOf: bytes)
    }

    /// Inflates pending input, handing the output to `body` in pieces, until about `budget` bytes
    /// were produced or the input is used up. Throws the first failure (and again on later calls).
    func inflate(budget: Int, _ body: (UnsafeRawBufferPointer) -> Void) throws(Failure) {
        if let failed { throw failed }
        guard ready else { throw fail(.malformed) }
        var produced = 0
        while inputOffset < input.count && produced < budget {
            if betweenMembers {
                // RFC 1952 §2.2: a gzip file is a series of members; only another member may follow.
                guard input[inputOffset] == 0x1f else { throw fail(.trailingGarbage) }
                guard inflateReset(stream) == Z_OK else { throw fail(.malformed) }
                betweenMembers = false
            }
            let status: Int32 = input.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return Z_BUF_ERROR }
                stream.pointee.next_in = (base + inputOffset).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = uInt(raw.count - inputOffset)
                stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(output.count)
                let status = CZlib.inflate(stream, Z_NO_FLUSH)
                inputOffset = raw.count - Int(stream.pointee.avail_in)
                return status
            }
            let count = output.count - Int(stream.pointee.avail_out)
            inflatedCount += count
            // Bytes inflated before an error count first: a body both too large and corrupt fails
            // `.tooLarge` however it arrives, whether the error comes in this step or a later one.
            if inflatedCount > limit { throw fail(.tooLarge) }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if status == Z_BUF_ERROR && count == 0 && inputOffset < input.count { throw fail(.malformed) }
            case Z_STREAM_END:
                sawMember = true
                betweenMembers = true
            default:
                // Z_DATA_ERROR (bad header, data, CRC or length), Z_NEED_DICT, Z_MEM_ERROR.
                throw fail(.malformed)
            }
            if count > 0 {
                body(UnsafeRawBufferPointer(rebasing: output[0..<count]))
                produced += count
            }
        }
    }

    /// The body ended: throws when it ended inside a member (or held none).
    func finish() throws(Failure) {
        if let failed { throw failed }
        if inputOffset < input.count { return }
        guard sawMember && betweenMembers else { throw fail(.truncated) }
    }

    private func fail(_ failure: Failure) -> Failure {
        failed = failure
        return failure
    }

    /// Inflates a whole body (the single-claim routes), refusing more than `limit` inflated bytes.
    static func inflateAll(_ body: [UInt8], limit: Int) -> Result<[UInt8], Failure> {
        let inflater = GzipInflater(limit: limit)
        var out: [UInt8] = []
        do throws(Failure) {
            body.withUnsafeBytes { inflater.push($0) }
            while inflater.hasPendingInput {
                try inflater.inflate(budget: 1 << 20) { out.append(contentsOf: $0) }
            }
            try inflater.finish()
        } catch {
            return .failure(error)
        }
        return .success(out)
    }
}
