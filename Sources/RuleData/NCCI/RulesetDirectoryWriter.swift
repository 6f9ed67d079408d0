#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes an imported ruleset into its output directory so that the directory is, at every moment,
/// absent, the previous complete import, or the new complete import: the file is written into a
/// hidden temporary directory next to it, fsync'ed, and renamed into place (then the parent is
/// fsync'ed). Readers skip hidden entries, so a reload never sees the temporary directory.
public enum RulesetDirectoryWriter {
    /// The file an imported ruleset directory holds.
    public static let fileName = ImportedRulesetFormat.fileName

    /// Writes `ruleset` to `directory/ruleset.ncci`, replacing an earlier import there.
    /// Returns the file size in bytes.
    @discardableResult
    public static func write(_ ruleset: ImportedRuleset, to directory: String) throws(NCCIImportError) -> Int {
        let (bytes, digest) = ImportedRulesetWriter.encode(ruleset)
        guard digest == ruleset.digest || ruleset.digest.isEmpty else {
            throw .output(path: directory, reason: "internal digest mismatch")
        }
        return try write(file: bytes, named: fileName, to: directory)
    }

    /// Writes `bytes` as `directory/fileName` the same way (an ICD-10-CM release's `icd10cm-codes.txt`),
    /// replacing an earlier import there. Returns the file size in bytes.
    @discardableResult
    public static func write(file bytes: [UInt8], named fileName: String, to directory: String) throws(NCCIImportError) -> Int {
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        func fail(_ reason: String) -> NCCIImportError { .output(path: directory, reason: reason) }
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw fail("cannot create \(parent.path): \(FilePaths.reason(error))")
        }
        if fm.fileExists(atPath: target.path) {
            guard FilePaths.isDirectory(target.path) else { throw fail("exists and is not a directory") }
            let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
            guard contents.allSatisfy({ $0 == fileName }) else {
                throw fail("exists and holds other files than \(fileName); choose an empty or new directory")
            }
        }
        let suffix = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let temporary = parent.appendingPathComponent(".\(name).tmp-\(suffix)")
        do {
            try fm.createDirectory(at: temporary, withIntermediateDirectories: false)
        } catch {
            throw fail("cannot create a temporary directory next to it: \(FilePaths.reason(error))")
        }
        var keepTemporary = false
        defer { if !keepTemporary { try? fm.removeItem(at: temporary) } }

        try writeFile(bytes, to: temporary.appendingPathComponent(fileName).path, fail: fail)
        try syncDirectory(temporary.path, fail: fail)
        if fm.fileExists(atPath: target.path) {
            let old = parent.appendingPathComponent(".\(name).old-\(suffix)")
            guard rename(target.path, old.path) == 0 else { throw fail("cannot move the previous import aside: \(errnoText())") }
            guard rename(temporary.path, target.path) == 0 else {
                let reason = errnoText()
                _ = rename(old.path, target.path)
                throw fail("cannot rename the new import into place: \(reason)")
            }
            try? fm.removeItem(at: old)
        } else {
            guard rename(temporary.path, target.path) == 0 else { throw fail("cannot rename the new import into place: \(errnoText())") }
        }
        keepTemporary = true
        try syncDirectory(parent.path, fail: fail)
        return bytes.count
    }

    private static func writeFile(_ bytes: [UInt8], to path: String, fail: (String) -> NCCIImportError) throws(NCCIImportError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw fail("cannot create \(path): \(errnoText())") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress.map { $0 + written }, min(bytes.count - written, 1 << 24))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw fail("cannot write \(path): \(errnoText())") }
            written += n
        }
        guard fsync(fd) == 0 else { throw fail("cannot fsync \(path): \(errnoText())") }
    }

    private static func syncDirectory(_ path: String, fail: (String) -> NCCIImportError) throws(NCCIImportError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw fail("cannot open \(path) to fsync it: \(errnoText())") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw fail("cannot fsync \(path): \(errnoText())") }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
