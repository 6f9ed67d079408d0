public import ClaimRules
import EmbeddedConfig
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

/// Loads the ICD-10-CM releases: the one embedded from `Config/icd10cm/icd10cm-codes.txt` and every release
/// `import-icd10cm` wrote under a rulesets directory.
///
/// Layout: each import is a subdirectory holding `icd10cm-codes.txt` (e.g. `rulesets/icd10cm-2027/`), next
/// to the NCCI quarters (`rulesets/2026Q2/ruleset.ncci`); the directory may also be one import directory
/// itself. Hidden entries (an import in progress) are skipped. Any file that fails its checks fails the
/// whole load, so a reload is all or nothing.
public enum ICD10CMReleaseLoader {
    /// The embedded release, read and checked once per process.
    public static func embedded() throws(RuleDataError) -> ICD10CMCodeSet { try embeddedResult.get() }

    private static let embeddedResult: Result<ICD10CMCodeSet, RuleDataError> = {
        let name = ICD10CMCodeSetFile.embeddedName
        guard let text = EmbeddedFiles.file(named: name) else {
            return .failure(RuleDataError(problems: [RuleDataProblem(file: "(embedded) Config/" + name, line: nil, field: nil,
                                                                     message: "is missing from the binary")]))
        }
        do throws(RuleDataError) {
            return .success(try ICD10CMCodeSetFile.parse(text, file: "(embedded) Config/" + name))
        } catch {
            return .failure(error)
        }
    }()

    /// The embedded release and the imports under `directory` (nil: the embedded release alone).
    public static func load(directory: String?, embedded: ICD10CMCodeSet?) throws(RuleDataError) -> ICD10CMReleases {
        guard let directory else { return try ICD10CMReleases(embedded: embedded, imported: []) }
        var imported: [ICD10CMReleases.Entry] = []
        for path in try files(in: directory) {
            imported.append(ICD10CMReleases.Entry(codeSet: try read(path: path), path: path))
        }
        return try ICD10CMReleases(embedded: embedded, imported: imported)
    }

    /// The `icd10cm-codes.txt` files under `directory`, sorted by path.
    public static func files(in directory: String) throws(RuleDataError) -> [String] {
        guard FilePaths.isDirectory(directory) else {
            throw RuleDataError(problems: [RuleDataProblem(file: directory, line: nil, field: nil,
                                                           message: "the rulesets directory does not exist or is not a directory")])
        }
        let fm = FileManager.default
        let own = FilePaths.join(directory, ICD10CMCodeSetFile.fileName)
        if fm.fileExists(atPath: own) { return [own] }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: directory)
        } catch {
            throw RuleDataError(problems: [RuleDataProblem(file: directory, line: nil, field: nil,
                                                           message: "cannot be listed: \(FilePaths.reason(error))")])
        }
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            let path = FilePaths.join(FilePaths.join(directory, name), ICD10CMCodeSetFile.fileName)
            return fm.fileExists(atPath: path) ? path : nil
        }
    }

    /// A release file is a few MB at most; the limit keeps a wrong file from exhausting memory.
    public static let maxFileBytes = 64 << 20

    /// Reads and checks one imported release file.
    public static func read(path: String) throws(RuleDataError) -> ICD10CMCodeSet {
        func fail(_ message: String) -> RuleDataError {
            RuleDataError(problems: [RuleDataProblem(file: path, line: nil, field: nil, message: message)])
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw fail("cannot be read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw fail("cannot be read: \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw fail("is not a regular file") }
        guard Int(st.st_size) <= maxFileBytes else { throw fail("is \(st.st_size) bytes, more than a code set file may have") }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress.map { $0 + done }, raw.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw fail(n == 0 ? "ended while being read" : "cannot be read: \(String(cString: strerror(errno)))") }
            done += n
        }
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<ICD10CMCodeSet, RuleDataError> in
            do throws(RuleDataError) { return .success(try ICD10CMCodeSetFile.parse(buffer, file: path)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
