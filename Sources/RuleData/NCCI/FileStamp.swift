#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Identity of a ruleset file for reuse across reloads: inode, size, mtime and the digest in its header.
struct FileStamp: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int
    var headerDigest: String

    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        var header = [UInt8](repeating: 0, count: ImportedRulesetFormat.headerSize)
        let n = header.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard n == ImportedRulesetFormat.headerSize, Array(header[0..<8]) == ImportedRulesetFormat.magic else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        modifiedSeconds = Int(st.st_mtim.tv_sec)
        modifiedNanoseconds = Int(st.st_mtim.tv_nsec)
        headerDigest = SHA256.hex(Array(header[24..<56]))
    }
}
