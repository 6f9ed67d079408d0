import Foundation
@testable import RuleData
import Testing

/// The path and file-system helpers that replace `NSString` path methods, `ObjCBool` and `NSError`
/// in RuleData (which links only FoundationEssentials).
@Suite struct FilePathsTests {
    @Test func joinMatchesNSStringForPlainNames() {
        for (directory, name) in [("rulesets", "2026Q1"), ("rulesets/", "2026Q1"), ("/tmp/r", "ruleset.ncci"), ("/", "x")] {
            #expect(FilePaths.join(directory, name) == (directory as NSString).appendingPathComponent(name))
        }
        #expect(FilePaths.join("", "ruleset.ncci") == "ruleset.ncci")
    }

    @Test func isDirectoryFollowsSymbolicLinks() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/..data/rules", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/rules", withDestinationPath: "..data/rules")
        _ = FileManager.default.createFile(atPath: dir + "/file", contents: Data("x".utf8))
        #expect(FilePaths.isDirectory(dir))
        #expect(FilePaths.isDirectory(dir + "/rules"))
        #expect(!FilePaths.isDirectory(dir + "/file"))
        #expect(!FilePaths.isDirectory(dir + "/absent"))
    }

    @Test func errorsReadAsTheSystemReason() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ruleset, _) = try NCCIRulesetFileTests.importStandard("2026Q1", into: dir)
        #expect {
            _ = try NCCISourceFile.load(path: "/nonexistent/ptp.txt", extensions: [".txt"])
        } throws: { error in
            guard let error = error as? NCCIImportError, case .unreadable(_, let reason) = error else { return false }
            return reason == "No such file or directory"
        }
        #expect {
            _ = try RulesetDirectoryWriter.write(ruleset, to: "/proc/self/no/such/place")
        } throws: { error in
            guard let error = error as? NCCIImportError, case .output(_, let reason) = error else { return false }
            return reason == "cannot create /proc/self/no/such: No such file or directory"
        }
    }
}
