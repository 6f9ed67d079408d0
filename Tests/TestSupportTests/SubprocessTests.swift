import Dispatch
import Foundation
import Locking
import TestSupport
import Testing

/// The test helper that runs openssl, curl and the built binary: every wait has a deadline, and a
/// child neither inherits another test's descriptors nor the test thread's blocked signals.
@Suite struct SubprocessTests {
    @Test func feedsStdinAndReturnsStatusAndBothStreams() throws {
        let echoed = try Subprocess.run("/bin/cat", [], stdin: Array("claim".utf8), timeout: 10)
        #expect(echoed.status == 0)
        #expect(echoed.output == "claim")

        let result = try Subprocess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], timeout: 10)
        #expect(result.status == 3)
        #expect(result.output == "out\n")
        #expect(result.errorOutput == "err\n")

        let merged = try Subprocess.run("/bin/sh", ["-c", "echo out; echo err >&2"], mergeStderr: true, timeout: 10)
        #expect(merged.output == "out\nerr\n")
        #expect(merged.stderr.isEmpty)
    }

    @Test func aSignalEndingTheChildIs128PlusItsNumber() throws {
        #expect(try Subprocess.run("/bin/sh", ["-c", "kill -KILL $$"], timeout: 10).status == 128 + SIGKILL)
    }

    @Test func runsInTheGivenDirectory() throws {
        let result = try Subprocess.run("/bin/pwd", [], directory: "/usr", timeout: 10)
        #expect(result.output == "/usr\n")
    }

    @Test func aChildThatNeverExitsIsKilledAtTheDeadline() throws {
        let started = Date()
        #expect {
            try Subprocess.run("/bin/sleep", ["60"], timeout: 0.5)
        } throws: { error in
            guard case .timedOut(let command, _, _, _) = error as? Subprocess.Failure else { return false }
            return command == "/bin/sleep 60"
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// The shape of a pipe read to EOF hanging: the child exited, but something it started still
    /// holds the output pipe open. `readDataToEndOfFile()` would wait for the grandchild.
    @Test func aGrandchildHoldingTheOutputOpenIsATimeoutNotAHang() throws {
        let marker = "sleep 60.\(UInt32.random(in: 100_000...999_999))"
        let started = Date()
        #expect {
            try Subprocess.run("/bin/sh", ["-c", "\(marker) & echo started"], timeout: 0.5)
        } throws: { error in
            guard case .timedOut(_, _, let stdout, _) = error as? Subprocess.Failure else { return false }
            return stdout == "started\n"
        }
        #expect(Date().timeIntervalSince(started) < 10)
        // The whole process group was killed, the grandchild too (it lives 60 s otherwise).
        var survivors = Self.processes(running: marker)
        for _ in 0..<500 where !survivors.isEmpty {
            usleep(10_000)
            survivors = Self.processes(running: marker)
        }
        #expect(survivors.isEmpty)
    }

    /// Live processes whose command line is `command` (a killed, unreaped one has none).
    static func processes(running command: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.filter { pid in
            guard let data = commandLine(pid) else { return false }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.trimmingCharacters(in: .whitespaces) == command
        }
    }

    /// `/proc/PID/cmdline`, read with read(2): FoundationEssentials' `FileManager.contents(atPath:)`
    /// leaks its 4 KiB read buffer for a file that reports size 0 and is empty (a kernel thread's
    /// cmdline), which the address sanitizer's leak check reports.
    static func commandLine(_ pid: String) -> [UInt8]? {
        let fd = open("/proc/\(pid)/cmdline", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return n == 0 ? bytes : nil }
            bytes += chunk[0..<n]
        }
    }

    @Test func aChildThatExitsWithoutReadingItsInputIsNotAnError() throws {
        // Foundation's FileHandle.write(_:) traps on the EPIPE this causes.
        let input = [UInt8](repeating: 65, count: 1 << 20)
        #expect(try Subprocess.run("/bin/true", [], stdin: input, timeout: 10).status == 0)
    }

    @Test func inputAndOutputLargerThanAPipeBufferDoNotDeadlock() throws {
        let input = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let result = try Subprocess.run("/bin/sh", ["-c", "cat; cat /dev/null >&2"], stdin: input, timeout: 20)
        #expect(result.stdout == input)
    }

    @Test func theChildHasNoBlockedSignalsAndTheDefaultSIGPIPE() throws {
        // Dispatch worker threads (where tests run) block almost every signal; a child inheriting
        // that mask ignores SIGTERM and SIGINT.
        let status = try Subprocess.run("/bin/grep", ["-E", "^(SigBlk|SigIgn):", "/proc/self/status"], timeout: 10).output
        let masks = Dictionary(uniqueKeysWithValues: status.split(separator: "\n").map { line in
            let parts = line.split(separator: ":")
            return (String(parts[0]), UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16) ?? .max)
        })
        #expect(masks["SigBlk"] == 0, "\(status)")
        let sigpipe = UInt64(1) << (UInt64(SIGPIPE) - 1)
        #expect((masks["SigIgn"] ?? .max) & sigpipe == 0, "\(status)")
    }

    @Test func theChildInheritsOnlyStdinStdoutAndStderr() throws {
        // Descriptors opened without close-on-exec elsewhere in the test process (client sockets,
        // another child's pipes) must not reach the child, or it keeps them open.
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer { for fd in fds { close(fd) } }
        let listing = try Subprocess.run("/bin/ls", ["/proc/self/fd"], timeout: 10)
        // ls itself holds one descriptor for the directory it lists.
        let inherited = listing.output.split(separator: "\n").compactMap { Int32($0) }.filter { $0 > 3 }
        #expect(inherited.isEmpty, "\(listing.output)")
    }

    @Test func aBackgroundChildRunsUntilKilledAndWritesItsStderrToAFile() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("subprocess-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).err").path
        defer { unlink(log) }
        let child = try Subprocess.start("/bin/sh", ["-c", "echo started >&2; exec sleep 60"], stderr: log)
        var logged = ""
        for _ in 0..<500 where logged.isEmpty {
            usleep(10_000)
            logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        #expect(logged == "started\n")
        #expect(child.isRunning)
        let started = Date()
        child.kill()
        #expect(!child.isRunning)
        #expect(Date().timeIntervalSince(started) < 10)
        let stillThere = kill(child.pid, 0) == 0
        #expect(!stillThere)
    }

    @Test func concurrentRunsGetEOFWithoutWaitingForEachOther() throws {
        // Each child copies its stdin; one that inherited another's stdin pipe would wait for
        // that child to exit. Eight at once, each fed at a different time.
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                usleep(UInt32(index) * 20_000)
                let text = "child \(index)"
                let result = try Subprocess.run("/bin/cat", [], stdin: Array(text.utf8), timeout: 20)
                if result.output != text { failures.withLock { $0.append("\(index): \(result.output)") } }
            } catch {
                failures.withLock { $0.append("\(index): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
    }
}
