#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One text table to import: a plain file, or one member of a zip archive (named `archive.zip!member`).
public struct NCCISourceFile: Sendable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    /// Runs `body` over the file's bytes. The importer hands them to the table parsers through this so that the typed
    /// error survives `withUnsafeBufferPointer`, whose closure cannot rethrow a typed error.
    func withBytes(_ body: (UnsafeBufferPointer<UInt8>) throws(NCCIImportError) -> Void) throws(NCCIImportError) {
        let result: Result<Void, NCCIImportError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(NCCIImportError) {
                try body(buffer)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Reads `path`; a zip archive expands to its members whose names end with one of `extensions`
    /// (case-insensitive), in archive order, so `--ptp ccipra-v322r0-f1.zip` yields the text part inside.
    public static func load(path: String, extensions: [String]) throws(NCCIImportError) -> [NCCISourceFile] {
        var bytes: [UInt8] = []
        var info = stat()
        if stat(path, &info) == 0, info.st_size == 0 {
            // A file that reports size 0 is read with read(2): Data(contentsOf:) leaks a buffer for it
            // (docs/fuzzing.md, "Locks, leaks and the sanitizers").
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
                if n == 0 { break }
                bytes.append(contentsOf: buffer[0..<n])
            }
        } else {
            do {
                bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw .unreadable(file: path, reason: FilePaths.reason(error))
            }
        }
        guard ZipArchive.looksLikeZip(bytes) else { return [NCCISourceFile(name: path, bytes: bytes)] }
        let archive = try ZipArchive(bytes: bytes, fileName: path)
        var members: [NCCISourceFile] = []
        for entry in archive.entries where !entry.isDirectory {
            let lower = entry.name.lowercased()
            // macOS archivers add AppleDouble files (__MACOSX/._name); they are not tables.
            if lower.hasPrefix("__macosx/") || lower.split(separator: "/").last?.hasPrefix("._") == true { continue }
            guard extensions.contains(where: { lower.hasSuffix($0) }) else { continue }
            members.append(NCCISourceFile(name: "\(path)!\(entry.name)", bytes: try archive.contents(of: entry)))
        }
        guard !members.isEmpty else {
            throw .badArchive(file: path, reason: "no member ending in \(extensions.joined(separator: " or "))")
        }
        return members
    }
}
