import Foundation
import Testing

/// `claim-scrubber serve` with no NCCI quarter imported says once, at start-up, that the built-in CMS snapshot
/// scrubs every claim and how to import the current quarter.
@Suite struct StartupNoticeTests {
    @Test func serveLogsTheSnapshotNoticeOnceAtStartUp() throws {
        let server = try ChildServer(descriptorLimit: 1024)
        defer { server.kill() }
        #expect(server.waitUntilServing(), "serve did not answer /healthz: \(server.errorOutput())")
        let notices = server.errorOutput().split(separator: "\n").filter { $0.contains("\"event\":\"no NCCI quarter imported\"") }
        #expect(notices.count == 1, "\(server.errorOutput())")
        let line = String(notices.first ?? "")
        #expect(line.contains("\"level\":\"warning\""))
        #expect(line.contains("the CMS practitioner NCCI edits in force on 2024-07-01"))
        #expect(line.contains("claim-scrubber import-ncci"))
    }
}
