import Foundation
import StrictJSON
import TestSupport
import Testing

/// `claim-scrubber check` on 837P files: recognised by content, the same JSON as the route, exit 0 when
/// every claim is clean, 1 with findings or problems, 2 when the file is not X12.
@Suite struct X12CheckBinaryTests {
    static func run(_ arguments: [String], stdin: [UInt8] = [], environment: [String: String] = [:])
        throws -> (status: Int32, stdout: [UInt8], stderr: String) {
        guard let binary = TestBinaries.claimScrubber() else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "claim-scrubber not built (run swift build --build-tests)"])
        }
        var args = arguments
        var executable = binary.path
        if !environment.isEmpty {
            executable = "/usr/bin/env"
            args = environment.map { "\($0.key)=\($0.value)" } + [binary.path] + arguments
        }
        let result = try Subprocess.run(executable, args, stdin: stdin, timeout: 60)
        return (result.status, result.stdout, result.errorOutput)
    }

    /// c01 reduced to its 97530 line with a minutes note: a clean claim.
    static var clean: String {
        X12Fixtures.c01
            .replacingOccurrences(of: "LX*2~\nSV1*HC:97140:GP*45*UN*1***2~\nDTP*472*D8*20250303~\n", with: "")
            .replacingOccurrences(of: "CLM*C01PT0001*195*", with: "CLM*C01PT0001*150*")
            .replacingOccurrences(of: "DTP*472*D8*20250303~\n", with: "DTP*472*D8*20250303~\nNTE*ADD*MIN=45~\n")
            .replacingOccurrences(of: "SE*29*0001", with: "SE*27*0001")
    }

    static func temporary(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("x12-check-\(UUID().uuidString).x12").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aCleanFileExitsZero() throws {
        let path = try Self.temporary(Self.clean)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["check", path])
        #expect(result.status == 0, "\(result.stderr)")
        let value = try JSONReader.parse(result.stdout)
        #expect(value["claims"]?[0]?["status"] == "clean")
        #expect(value["claims"]?[0]?["lines"]?[0]?["minutes"] == 45)
    }

    @Test func findingsExitOneAndTheOutputIsTheRoutesJSON() throws {
        // c03: 97530 and 97150 on one day without a modifier, an NCCI edit (an error).
        let file = X12Fixtures.directory.appendingPathComponent("c03-medicare-ot-co-modifier.x12").path
        let result = try Self.run(["check", file])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let value = try JSONReader.parse(result.stdout)
        #expect(value["claims"]?[0]?["claimId"] == "C03OT0003")
        #expect(value["claims"]?[0]?["status"] == "errors")
        #expect(value["interchanges"] == 1)
        // Standard input and a byte-order mark give the same result.
        let stdin = try Self.run(["check", "-"], stdin: [0xEF, 0xBB, 0xBF] + Array(X12Fixtures.c03.utf8))
        #expect(stdin.status == 1)
        #expect(stdin.stdout == result.stdout)
        let pretty = try Self.run(["check", file, "--pretty"])
        #expect(try JSONReader.parse(pretty.stdout) == value)
        #expect(pretty.stdout.contains(UInt8(ascii: "\n")))
    }

    @Test func problemsExitOne() throws {
        let path = try Self.temporary(X12Fixtures.mutate(Self.clean, "GE*1*101", "GE*1*102"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["check", path])
        #expect(result.status == 1)
        #expect(try JSONReader.parse(result.stdout)["problems"]?[0]?["code"] == "GE_CONTROL_NUMBER")
    }

    @Test func notX12ExitsTwo() throws {
        let result = try Self.run(["check", "-"], stdin: Array("ISA*00*".utf8))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("not an X12 interchange"))
    }

    @Test func payerMapFromTheEnvironment() throws {
        let path = try Self.temporary(X12Fixtures.mutate(Self.clean, "*******MB~", "*******CI~"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let unmapped = try Self.run(["check", path])
        #expect(try JSONReader.parse(unmapped.stdout)["claims"]?[0]?["problems"]?[0]?["code"] == "PAYER_NOT_MAPPED")
        let mapped = try Self.run(["check", path], environment: ["SCRUBBER_X12_PAYER_MAP": "filingIndicator:CI=commercial-ama"])
        #expect(try JSONReader.parse(mapped.stdout)["claims"]?[0]?["payer"] == "commercial-ama")
        let bad = try Self.run(["check", path], environment: ["SCRUBBER_X12_PAYER_MAP": "CI=commercial-ama"])
        #expect(bad.status == 2)
    }

    @Test func jsonClaimsStillWork() throws {
        let claim = #"{"payer": "medicare", "dateOfService": "2026-03-02", "provider": {"role": "PT"}, "lines": [{"code": "97110", "minutes": 30, "modifiers": ["GP"]}]}"#
        let result = try Self.run(["check", "-"], stdin: Array(claim.utf8))
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        #expect(try JSONReader.parse(result.stdout)["payer"] == "medicare")
    }
}
