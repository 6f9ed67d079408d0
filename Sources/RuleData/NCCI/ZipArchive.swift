internal import CZlib

/// A minimal reader for the zip archives CMS publishes the NCCI tables in (PKWARE APPNOTE 6.3.x):
/// the end-of-central-directory record, the central directory, local headers, and members that are
/// stored (method 0) or deflated (method 8, raw inflate through zlib), each checked against its CRC-32.
/// Encrypted members, ZIP64 and other methods are refused with a clear reason.
public struct ZipArchive: Sendable {
    /// One member from the central directory.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var method: UInt16
        public var flags: UInt16
        public var crc32: UInt32
        public var compressedSize: Int
        public var uncompressedSize: Int
        public var localHeaderOffset: Int
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    public let fileName: String
    public let entries: [Entry]
    private let bytes: [UInt8]

    /// True when `bytes` starts with a zip local-file or end-of-central-directory signature.
    public static func looksLikeZip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4b && (bytes[2] == 3 || bytes[2] == 5) && (bytes[3] == 4 || bytes[3] == 6)
    }

    /// Parses the central directory; `fileName` is used in errors.
    public init(bytes: [UInt8], fileName: String) throws(NCCIImportError) {
        self.fileName = fileName
        self.bytes = bytes
        func fail(_ reason: String) -> NCCIImportError { .badArchive(file: fileName, reason: reason) }

        // APPNOTE 4.3.16: the EOCD record is 22 bytes plus a comment of at most 65535 bytes.
        guard bytes.count >= 22 else { throw fail("too short for a zip archive") }
        var eocd = -1
        var position = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while position >= lowest {
            if Self.u32(bytes, position) == 0x0605_4b50 { eocd = position; break }
            position -= 1
        }
        guard eocd >= 0 else { throw fail("no end-of-central-directory record") }
        let diskNumber = Self.u16(bytes, eocd + 4)
        let entryCount = Int(Self.u16(bytes, eocd + 10))
        let directorySize = Int(Self.u32(bytes, eocd + 12))
        let directoryOffset = Int(Self.u32(bytes, eocd + 16))
        guard diskNumber == 0 else { throw fail("multi-disk archives are not supported") }
        if entryCount == 0xffff || directorySize == 0xffff_ffff || directoryOffset == 0xffff_ffff {
            throw fail("ZIP64 archives are not supported")
        }
        guard directoryOffset + directorySize <= eocd else { throw fail("central directory lies outside the file") }

        var entries: [Entry] = []
        var cursor = directoryOffset
        for index in 0..<entryCount {
            guard cursor + 46 <= eocd, Self.u32(bytes, cursor) == 0x0201_4b50 else {
                throw fail("central directory entry \(index + 1) is damaged")
            }
            let flags = Self.u16(bytes, cursor + 8)
            let method = Self.u16(bytes, cursor + 10)
            let crc = Self.u32(bytes, cursor + 16)
            let compressed = Int(Self.u32(bytes, cursor + 20))
            let uncompressed = Int(Self.u32(bytes, cursor + 24))
            let nameLength = Int(Self.u16(bytes, cursor + 28))
            let extraLength = Int(Self.u16(bytes, cursor + 30))
            let commentLength = Int(Self.u16(bytes, cursor + 32))
            let localOffset = Int(Self.u32(bytes, cursor + 42))
            let nameEnd = cursor + 46 + nameLength
            guard nameEnd <= eocd else { throw fail("central directory entry \(index + 1) name runs past the directory") }
            let name = String(decoding: bytes[(cursor + 46)..<nameEnd], as: UTF8.self)
            if compressed == 0xffff_ffff || uncompressed == 0xffff_ffff || localOffset == 0xffff_ffff {
                throw fail("member \(name) needs ZIP64, which is not supported")
            }
            entries.append(Entry(name: name, method: method, flags: flags, crc32: crc, compressedSize: compressed,
                                 uncompressedSize: uncompressed, localHeaderOffset: localOffset))
            cursor = nameEnd + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The uncompressed bytes of `entry`, CRC-checked.
    public func contents(of entry: Entry) throws(NCCIImportError) -> [UInt8] {
        func fail(_ reason: String) -> NCCIImportError { .badArchive(file: "\(fileName)!\(entry.name)", reason: reason) }
        // APPNOTE 4.4.4 bit 0: encrypted.
        guard entry.flags & 1 == 0 else { throw fail("encrypted members are not supported") }
        let local = entry.localHeaderOffset
        guard local + 30 <= bytes.count, Self.u32(bytes, local) == 0x0403_4b50 else { throw fail("local header is damaged") }
        let dataStart = local + 30 + Int(Self.u16(bytes, local + 26)) + Int(Self.u16(bytes, local + 28))
        guard dataStart + entry.compressedSize <= bytes.count else { throw fail("member data runs past the end of the file") }
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw fail("stored member sizes differ") }
            output = Array(bytes[dataStart..<(dataStart + entry.compressedSize)])
        case 8:
            // Deflate cannot expand data more than about 1032:1 (RFC 1951 maximum match length 258 in
            // a 2-bit code); a larger declared size is a damaged or hostile header, refused before
            // any allocation of that size.
            guard entry.uncompressedSize <= entry.compressedSize * 1032 + 1024 else {
                throw fail("declared size \(entry.uncompressedSize) is impossible for \(entry.compressedSize) compressed bytes")
            }
            output = try inflateRaw(start: dataStart, count: entry.compressedSize, expected: entry.uncompressedSize, fail: fail)
        default:
            throw fail("compression method \(entry.method) is not supported (only stored and deflate)")
        }
        let crc = output.withUnsafeBufferPointer { buffer -> UInt32 in
            var value = crc32(0, nil, 0)
            var offset = 0
            // zlib's crc32 takes a uInt length; feed it in chunks below 4 GiB.
            while offset < buffer.count {
                let chunk = min(buffer.count - offset, 1 << 30)
                value = crc32(value, buffer.baseAddress.map { $0 + offset }, uInt(chunk))
                offset += chunk
            }
            return UInt32(truncatingIfNeeded: value)
        }
        guard crc == entry.crc32 else { throw fail("CRC-32 mismatch (archive is damaged)") }
        return output
    }

    private func inflateRaw(start: Int, count: Int, expected: Int,
                            fail: (String) -> NCCIImportError) throws(NCCIImportError) -> [UInt8] {
        // One spare byte: zlib needs somewhere to write even for an empty member, and a member that
        // inflates to more than declared then shows up as total_out > expected.
        var output = [UInt8](repeating: 0, count: expected + 1)
        var stream = z_stream()
        // windowBits -15: raw deflate data, no zlib header (APPNOTE 4.4.5 method 8).
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw fail("zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        let status: Int32 = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                guard let inBase = input.baseAddress else { return Z_DATA_ERROR }
                stream.next_in = UnsafeMutablePointer(mutating: inBase + start)
                stream.avail_in = uInt(count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(expected + 1)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else {
            if status == Z_BUF_ERROR || status == Z_OK { throw fail("deflate data ends early or inflates to more than its declared size") }
            throw fail("deflate data is damaged (zlib status \(status))")
        }
        guard Int(stream.total_out) == expected else { throw fail("member inflates to \(stream.total_out) bytes, declared \(expected)") }
        output.removeLast()
        return output
    }

    @inline(__always)
    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i >= 0, i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    @inline(__always)
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
