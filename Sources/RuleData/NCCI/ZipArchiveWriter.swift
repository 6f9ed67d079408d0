internal import CZlib

/// Builds small zip archives (stored or deflated members) — the counterpart of `ZipArchive`, used to
/// produce archives in the CMS layout for tests without shipping any CMS file.
struct ZipArchiveWriter {
    private(set) var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    /// Adds a member; `deflate` compresses it with raw deflate (method 8), else it is stored (method 0).
    mutating func add(name: String, contents: [UInt8], deflate: Bool) {
        let crc = contents.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(0, $0.baseAddress, uInt($0.count))) }
        let data = deflate ? Self.rawDeflate(contents) : contents
        let method: UInt16 = deflate ? 8 : 0
        let nameBytes = Array(name.utf8)
        let offset = bytes.count
        var local = ByteWriter()
        local.u32(0x0403_4b50); local.u16(20); local.u16(0); local.u16(method); local.u16(0); local.u16(0x21)
        local.u32(crc); local.u32(UInt32(data.count)); local.u32(UInt32(contents.count))
        local.u16(UInt16(nameBytes.count)); local.u16(0)
        bytes += local.bytes + nameBytes + data
        var central = ByteWriter()
        central.u32(0x0201_4b50); central.u16(20); central.u16(20); central.u16(0); central.u16(method); central.u16(0); central.u16(0x21)
        central.u32(crc); central.u32(UInt32(data.count)); central.u32(UInt32(contents.count))
        central.u16(UInt16(nameBytes.count)); central.u16(0); central.u16(0); central.u16(0); central.u16(0)
        central.u32(0); central.u32(UInt32(offset))
        directory += central.bytes + nameBytes
        count += 1
    }

    /// The finished archive (central directory and end record appended).
    func finish() -> [UInt8] {
        var end = ByteWriter()
        end.u32(0x0605_4b50); end.u16(0); end.u16(0); end.u16(UInt16(count)); end.u16(UInt16(count))
        end.u32(UInt32(directory.count)); end.u32(UInt32(bytes.count)); end.u16(0)
        return bytes + directory + end.bytes
    }

    static func rawDeflate(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return []
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound + 16)
        let produced: Int = input.withUnsafeBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return -1 }
                return Int(stream.total_out)
            }
        }
        guard produced >= 0 else { return [] }
        return Array(output[0..<produced])
    }
}
