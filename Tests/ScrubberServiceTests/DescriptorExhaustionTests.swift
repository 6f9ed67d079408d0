#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport
import Testing

/// Out of file descriptors (EMFILE), the server must not spin on a listener that stays readable, must
/// keep serving the connections it has, and must take the waiting connections once descriptors free
/// up. The descriptor limit is per process, so the real `claim-scrubber serve` runs as a child under
/// `prlimit --nofile` (util-linux) instead of lowering this test process's limit.
@Suite(.timeLimit(.minutes(1)))
struct DescriptorExhaustionTests {
    @Test func outOfDescriptorsTheServerPausesAcceptingAndRecovers() throws {
        let server = try ChildServer(descriptorLimit: 48)
        defer { server.kill() }
        #expect(server.waitUntilServing(), "the server did not come up: \(server.errorOutput())")

        // Connect and ask until one request is not answered: its connection waits in the backlog.
        var served: [RawHTTPClient] = []
        var waiting: RawHTTPClient?
        for _ in 0..<100 {
            let client = try RawHTTPClient(port: server.port, timeoutSeconds: 1)
            try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            if (try? client.readResponse())?.status == 200 {
                served.append(client)
            } else {
                waiting = client
                break
            }
        }
        #expect(waiting != nil, "100 connections never exhausted 48 descriptors")
        #expect(served.count >= 10)

        // Paused, not spinning: a listener retried in a loop would burn a whole CPU second here.
        let before = server.cpuTicks()
        usleep(1_000_000)
        let spent = server.cpuTicks() - before
        #expect(spent < 30, "the server used \(spent) CPU ticks in one second while out of descriptors")

        // The open connections are still served.
        if let first = served.first {
            try first.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try first.readResponse().status == 200)
        }

        // Free descriptors: the waiting connection is accepted and answered.
        served.removeLast(min(10, served.count))
        usleep(50_000)
        let answer = try #require(waiting).readResponse()
        #expect(answer.status == 200)

        served.removeAll()
        let metrics = try RawHTTPClient(port: server.port, timeoutSeconds: 5).request("GET", "/metrics")
        #expect(metrics.text.contains("scrubber_http_rejected_total{reason=\"accept_exhausted\"}"))
        #expect(server.isRunning)
    }
}

/// `claim-scrubber serve` on a free loopback port, as a child process with a descriptor limit.
final class ChildServer {
    let port: Int
    private let process: Subprocess.Background
    private let errorFile: URL

    init(descriptorLimit: Int) throws {
        guard let binary = TestBinaries.claimScrubber() else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "claim-scrubber not built (run swift build --build-tests)"])
        }
        port = try TestBinaries.unusedLoopbackPort()
        errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("child-server-\(getpid())-\(port).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process = try Subprocess.start(
            "/usr/bin/prlimit",
            ["--nofile=\(descriptorLimit):\(descriptorLimit)", "--", binary.path, "serve", "--port", String(port)],
            stderr: errorFile.path)
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: errorFile)
    }

    var isRunning: Bool { process.isRunning }

    /// SIGKILL (a drain would wait for the test's open connections), then reaps the child (bounded).
    func kill() { process.kill() }

    func errorOutput() -> String {
        (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    }

    /// Polls /healthz until it answers 200, for at most 20 s (a cold debug binary loads its rules).
    func waitUntilServing() -> Bool {
        for _ in 0..<200 {
            if let client = try? RawHTTPClient(port: port, timeoutSeconds: 1),
               (try? client.request("GET", "/healthz"))?.status == 200 {
                return true
            }
            if !process.isRunning { return false }
            usleep(100_000)
        }
        return false
    }

    /// User plus system CPU time of the child, in clock ticks (/proc/PID/stat fields 14 and 15).
    func cpuTicks() -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name (which may contain spaces): state is field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }
}
