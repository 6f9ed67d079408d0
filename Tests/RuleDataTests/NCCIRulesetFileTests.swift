import ClaimRules
import Foundation
import Locking
@testable import RuleData
import Testing

@Suite struct NCCIRulesetFileTests {
    /// Imports the standard test inputs for `quarter` into `dir/<quarter>`; returns the ruleset and file path.
    static func importStandard(_ quarter: String, into dir: String) throws -> (ImportedRuleset, String) {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let inputs = NCCITestFiles.standardInputs(in: dir)
        let q = try #require(NCCIQuarter(quarter))
        let (ruleset, _) = try NCCIImporter.importFiles(ptp: inputs.ptp, mue: [inputs.mue], quarter: q, skipInvalid: false)
        let out = dir + "/rulesets/" + quarter
        try RulesetDirectoryWriter.write(ruleset, to: out)
        return (ruleset, out + "/ruleset.ncci")
    }

    @Test func writtenRulesetReadsBackIdenticalWithItsDigest() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ruleset, path) = try Self.importStandard("2026Q2", into: dir)
        let read = try ImportedRulesetReader.read(path: path)
        #expect(read == ruleset)
        #expect(read.digest.count == 64)
        // The digest is over the content only: importing the same inputs again gives the same digest.
        let (again, _) = try Self.importStandard("2026Q2", into: dir + "/second")
        #expect(again.digest == ruleset.digest)
        // No temporary or old directories are left next to the output.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir + "/rulesets")
        #expect(siblings == ["2026Q2"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/rulesets/2026Q2") == ["ruleset.ncci"])
    }

    @Test func rowsReadStraightIntoMemoryMatchRowsDecodedFieldByField() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ruleset, path) = try Self.importStandard("2026Q2", into: dir)
        // On the platforms we build for (little-endian, Swift's struct layout), loading is a plain read.
        #expect(ImportedRulesetFormat.rowLayoutMatches)
        #expect(try ImportedRulesetReader.read(path: path, direct: true) == ruleset)
        #expect(try ImportedRulesetReader.read(path: path, direct: false) == ruleset)
    }

    /// A quarter with no PTP rows takes the field-by-field path even when `direct`: reading zero rows
    /// straight into memory wrote the count into the runtime's shared empty-array storage, which the
    /// thread sanitizer reports as a race with every other thread reading an empty array. The
    /// concurrent reads here are what the sanitizer step of CI watches.
    @Test func aQuarterWithNoRowsReadsBackOnBothPathsFromManyThreads() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = ImportedRuleset(quarter: try #require(NCCIQuarter("2026Q1")), digest: "", codes: [], ptpRows: [],
                                    ptpRationales: [], sources: [], mueRows: [], mueRationales: [])
        _ = try RulesetDirectoryWriter.write(empty, to: dir + "/2026Q1")
        let path = dir + "/2026Q1/ruleset.ncci"
        let written = try ImportedRulesetReader.read(path: path, direct: false)
        #expect(written.quarter == empty.quarter && written.digest.count == 64)
        let reads = Locked<[ImportedRuleset?]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let read = try? ImportedRulesetReader.read(path: path, direct: true)
            let alsoEmpty: [Int] = []
            reads.withLock { $0.append(alsoEmpty.isEmpty ? read : nil) }
        }
        #expect(reads.withLock { $0 } == Array(repeating: Optional(written), count: 4))
        #expect(written.ptpRows.isEmpty)
    }

    @Test func reimportReplacesTheDirectoryAndRefusesForeignDirectories() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ruleset, path) = try Self.importStandard("2026Q2", into: dir)
        try RulesetDirectoryWriter.write(ruleset, to: dir + "/rulesets/2026Q2")
        #expect(try ImportedRulesetReader.read(path: path).digest == ruleset.digest)
        let foreign = dir + "/foreign"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        NCCITestFiles.write(Array("keep me".utf8), foreign, "notes.txt")
        #expect {
            try RulesetDirectoryWriter.write(ruleset, to: foreign)
        } throws: { error in
            guard let error = error as? NCCIImportError, case .output = error else { return false }
            return true
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: foreign) == ["notes.txt"])
    }

    static func expectRefused(_ path: String, _ fragment: String) {
        #expect {
            _ = try ImportedRulesetReader.read(path: path)
        } throws: { error in
            guard let error = error as? NCCIImportError, case .badRulesetFile(let file, let reason) = error else { return false }
            return file == path && reason.contains(fragment)
        }
    }

    @Test func damagedTruncatedOrForeignFilesAreRefused() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, path) = try Self.importStandard("2026Q2", into: dir)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))

        var flipped = good
        flipped[good.count - 20] ^= 0x01
        Self.expectRefused(NCCITestFiles.write(flipped, dir, "flipped.ncci"), "SHA-256 digest mismatch")
        Self.expectRefused(NCCITestFiles.write(Array(good.dropLast(8)), dir, "short.ncci"), "truncated")
        Self.expectRefused(NCCITestFiles.write(good + [0, 0, 0, 0, 0, 0, 0, 0], dir, "long.ncci"), "truncated or appended")
        var version = good
        version[8] = 9
        Self.expectRefused(NCCITestFiles.write(version, dir, "version.ncci"), "format version 9")
        var magic = good
        magic[0] = 0x58
        Self.expectRefused(NCCITestFiles.write(magic, dir, "magic.ncci"), "wrong magic")
    }

    @Test func unsortedRowsWithAValidDigestAreStillRefused() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (ruleset, _) = try Self.importStandard("2026Q2", into: dir)
        var unsorted = ruleset
        unsorted.ptpRows.reverse()
        unsorted.digest = ""
        try RulesetDirectoryWriter.write(unsorted, to: dir + "/bad")
        let read = try ImportedRulesetReader.read(path: dir + "/bad/ruleset.ncci")
        let base = try RuleSetLoader.loadDefault()
        #expect {
            _ = try read.makeRuleSet(base: base, file: "bad")
        } throws: { error in
            guard let error = error as? NCCIImportError, case .badRulesetFile(_, let reason) = error else { return false }
            return reason.contains("not sorted")
        }
    }

    @Test func sha256MatchesTheFIPSExamples() {
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(SHA256.hash(long)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Fed in odd-sized pieces, the digest is the same as in one piece.
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        var hasher = SHA256()
        var offset = 0
        while offset < million.count {
            let n = min(777, million.count - offset)
            hasher.update(Array(million[offset..<(offset + n)]))
            offset += n
        }
        #expect(SHA256.hex(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
