import Foundation
import Testing
@testable import RuleData

@Suite struct DirectoryReadingTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "ruledata-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A Kubernetes ConfigMap volume: the real files live in a hidden `..data` directory and the visible
    /// names (including the `payers` directory) are symbolic links into it.
    @Test func configMapStyleSymlinksAreFollowed() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appending(path: "..2026_11_29/")
        try FileManager.default.createDirectory(at: data.appending(path: "payers"), withIntermediateDirectories: true)
        let shipped = try ShippedConfig.rules()
        for (name, text) in shipped.files { try Data(text.utf8).write(to: data.appending(path: name)) }
        try FileManager.default.createSymbolicLink(atPath: root.appending(path: "..data").path, withDestinationPath: "..2026_11_29")
        for name in Set(shipped.files.keys.map { $0.split(separator: "/").first.map(String.init) ?? $0 }) {
            try FileManager.default.createSymbolicLink(atPath: root.appending(path: name).path, withDestinationPath: "..data/\(name)")
        }
        let rules = try RuleSetLoader.load(directory: root.path)
        #expect(rules.digest == (try RuleSetLoader.load(shipped)).digest)
    }

    @Test func invalidUTF8FileIsNamed() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data([0x63, 0xff, 0x0a]).write(to: root.appending(path: "codes.tsv"))
        #expect(throws: RuleDataError(problems: [RuleDataProblem(file: root.path + "/codes.tsv", line: nil, field: nil, message: "is not valid UTF-8")])) {
            try RuleDataFiles.read(directory: root.path)
        }
    }

    @Test func specialFileIsRefusedWithoutOpeningIt() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // Opening a FIFO for reading would block; the type is checked first.
        #expect(mkfifo(root.appending(path: "codes.tsv").path, 0o600) == 0)
        #expect(throws: RuleDataError(problems: [RuleDataProblem(file: root.path + "/codes.tsv", line: nil, field: nil, message: "is not a regular file")])) {
            try RuleDataFiles.read(directory: root.path)
        }
    }

    @Test func onlyRuleDataFilesAreRead() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appending(path: "payers/old"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: root.appending(path: "payers/old/x.json"))
        try Data([0xff]).write(to: root.appending(path: "notes.bin"))
        try Data("x".utf8).write(to: root.appending(path: "payers/README.md"))
        try Data("{}".utf8).write(to: root.appending(path: "payers/medicare.json"))
        let files = try RuleDataFiles.read(directory: root.path)
        #expect(files.files.keys.sorted() == ["payers/medicare.json"])
    }

    @Test func emptyDirectoryReportsEveryMissingFile() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        do {
            _ = try RuleSetLoader.load(directory: root.path)
            Issue.record("an empty directory loaded")
        } catch {
            let names = error.problems.map { String($0.file.dropFirst(root.path.count + 1)) }
            #expect(names == ["ruleset.json", "codes.tsv", "ptp-pairs.tsv", "mues.tsv", "payers/"])
        }
    }
}
