import CEventPoll
import Foundation
import Testing
@testable import HTTPServer

@Suite(.timeLimit(.minutes(1)))
struct EventLoopTests {
    /// Connections spread over the loops; every loop serves its own to the end.
    @Test func manyConnectionsOnSeveralLoopsAreAllServed() throws {
        let server = try TestServer(eventLoops: 3)
        let clients = try (0..<24).map { _ in try RawHTTPClient(port: server.port) }
        for round in 0..<3 {
            for (i, client) in clients.enumerated() {
                try client.write("GET /c\(i)/r\(round) HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            for (i, client) in clients.enumerated() {
                #expect(try client.readResponse().bodyText == "GET /c\(i)/r\(round) 0")
            }
        }
        #expect(server.server.openConnections == 24)
        #expect(server.stop())
        #expect(server.server.openConnections == 0)
    }

    @Test func theLoopThreadsAreNamedAndEndWithTheServer() throws {
        let server = try TestServer(eventLoops: 2)
        let client = try RawHTTPClient(port: server.port)
        try client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        // A thread names itself when it first runs, which under load may come after the response.
        #expect(eventually { Self.threadNames().filter { $0.hasPrefix("http-loop-") }.count >= 2 })
        #expect(server.stop())
    }

    static func threadNames() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// A Kubernetes CPU limit shows only in the cgroup; the affinity mask still lists every CPU.
    @Test(arguments: [
        ("cpu.max", "150000 100000\n", 2),
        ("cpu.max", "50000 100000\n", 1),
        ("cpu.max", "max 100000\n", 0),
        ("cpu.max", "garbage\n", 0),
    ])
    func theCgroupCPULimitCapsTheLoopCount(file: String, contents: String, expectedCap: Int) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cgroup-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(contents.utf8).write(to: root.appendingPathComponent(file))
        let unlimited = Int(cs_available_cpus_at("/nonexistent-cgroup-root"))
        #expect(unlimited >= 1)
        let capped = Int(cs_available_cpus_at(root.path))
        #expect(capped == (expectedCap == 0 ? unlimited : min(unlimited, expectedCap)))
    }

    @Test func cgroupV1QuotaIsReadToo() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cgroup1-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("cpu"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("100000\n".utf8).write(to: root.appendingPathComponent("cpu/cpu.cfs_quota_us"))
        try Data("100000\n".utf8).write(to: root.appendingPathComponent("cpu/cpu.cfs_period_us"))
        #expect(cs_available_cpus_at(root.path) == 1)
    }
}
