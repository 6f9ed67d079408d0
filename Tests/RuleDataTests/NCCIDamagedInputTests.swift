import ClaimRules
import Foundation
@testable import RuleData
import Testing

/// Damaged inputs never crash or hang: every mutation of a valid zip archive or ruleset file is
/// either read correctly or refused with an error.
@Suite struct NCCIDamagedInputTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    struct Mix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    @Test func mutatedZipArchivesAreReadOrRefused() {
        let text = NCCITestFiles.ptpText((0..<200).map { i in ("97140", String(format: "9%04d", i), "", "20200101", "*", "1", "x") })
        let archive = NCCITestFiles.zip([("a.txt", text), ("b.txt", text)])
        var mix = Mix(state: 7)
        var refused = 0
        for _ in 0..<400 {
            var bytes = archive
            for _ in 0...mix.below(4) { bytes[mix.below(bytes.count)] = UInt8(truncatingIfNeeded: mix.next()) }
            if mix.below(4) == 0 { bytes = Array(bytes.prefix(mix.below(bytes.count))) }
            do {
                let zip = try ZipArchive(bytes: bytes, fileName: "m.zip")
                for entry in zip.entries { _ = try zip.contents(of: entry) }
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0)
    }

    @Test func mutatedRulesetFilesAreReadOrRefused() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, path) = try NCCIRulesetFileTests.importStandard("2026Q2", into: dir)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let base = try RuleSetLoader.loadDefault()
        var mix = Mix(state: 11)
        var accepted = 0
        for round in 0..<300 {
            var bytes = good
            bytes[mix.below(bytes.count)] ^= UInt8(truncatingIfNeeded: mix.next() | 1)
            if round % 5 == 0 { bytes = Array(bytes.prefix(mix.below(bytes.count))) }
            let mutated = NCCITestFiles.write(bytes, dir, "m.ncci")
            if let read = try? ImportedRulesetReader.read(path: mutated), (try? read.makeRuleSet(base: base, file: mutated)) != nil {
                accepted += 1
            }
        }
        // Every single-byte change alters the header or the digested payload: none may load.
        #expect(accepted == 0)
    }

    @Test func mutatedTablesAreImportedOrRefusedWithALocation() throws {
        let dir = NCCITestFiles.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ptpText = NCCITestFiles.ptpText((0..<50).map { i in ("97140", String(format: "9%04d", i), "", "20200101", "*", "1", "x") })
        let mueText = NCCITestFiles.mueText(NCCITestFiles.standardMUE)
        let alphabet = Array("\t\n\r\",*0129AZaz ".utf8)
        let q = try #require(NCCIQuarter("2026Q2"))
        var mix = Mix(state: 13)
        for round in 0..<150 {
            var ptp = ptpText, mue = mueText
            for _ in 0...mix.below(3) {
                if round % 2 == 0 {
                    ptp[mix.below(ptp.count)] = alphabet[mix.below(alphabet.count)]
                } else {
                    mue[mix.below(mue.count)] = alphabet[mix.below(alphabet.count)]
                }
            }
            let p = NCCITestFiles.write(ptp, dir, "p.txt"), m = NCCITestFiles.write(mue, dir, "m.csv")
            do {
                _ = try NCCIImporter.importFiles(ptp: [p], mue: [m], quarter: q, skipInvalid: round % 3 == 0)
            } catch {
                switch error {
                case .invalidRow(let problem): #expect(problem.line > 0 && (problem.file == p || problem.file == m))
                case .noHeader, .missingColumns, .empty: break
                default: Issue.record("unexpected error \(error)")
                }
            }
        }
    }
}
