import Foundation
import HTTPServer
import TestSupport
import Testing
@testable import ScrubberService

/// The service over HTTPS with mutual TLS, driven by curl: the verified client subject reaches the
/// access log; a client without a certificate is refused. Certificates are made at test time.
@Suite struct MutualTLSEndToEndTests {
    static let script = #"""
        set -eu
        key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
        key ca.key
        openssl req -x509 -new -key ca.key -sha256 -days 2 -subj "/CN=Test CA" -out ca.pem \
          -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
        leaf() {
          key $1.key
          openssl req -new -key $1.key -subj "$2" -out $1.csr
          printf '%s\n' "$3" > $1.ext
          openssl x509 -req -in $1.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -sha256 -extfile $1.ext -out $1.pem 2>/dev/null
        }
        leaf server "/CN=localhost" "subjectAltName=DNS:localhost,IP:127.0.0.1"
        leaf client "/O=Clinic/CN=gateway" "extendedKeyUsage=clientAuth"
        """#

    /// Runs a program in `directory`; status and combined output. Bounded: killed after `timeout`.
    static func run(_ executable: String, _ arguments: [String], in directory: String, timeout: Double = 30) throws -> (Int32, String) {
        let result = try Subprocess.run(executable, arguments, directory: directory, mergeStderr: true, timeout: timeout)
        return (result.status, result.output)
    }

    @Test func clientSubjectIsLoggedAndClientsWithoutCertificateAreRefused() throws {
        let dir = NSTemporaryDirectory() + "scrubber-mtls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, output) = try Self.run("/bin/sh", ["-c", Self.script], in: dir, timeout: 120)
        try #require(status == 0, "fixtures: \(output)")

        var configuration = ServiceConfiguration()
        configuration.port = 0
        configuration.tlsCertificate = dir + "/server.pem"
        configuration.tlsPrivateKey = dir + "/server.key"
        configuration.tlsClientCA = dir + "/ca.pem"
        configuration.tlsAllowedClientSubjects = ["CN=gateway,O=Clinic"]
        configuration.drainTimeout = 2
        let assembly = try ServiceAssembly(configuration: configuration)
        let accessLog = LogWriter(destination: .memory)
        let runtime = ServiceRuntime(configuration: configuration, processor: assembly.processor, tls: assembly.tls,
                                     reloadComponents: assembly.reloadComponents, accessLogWriter: accessLog,
                                     eventLogWriter: LogWriter(destination: .memory), openAPIDocument: assembly.openAPIDocument)
        try runtime.start()
        defer {
            runtime.beginShutdown()
            runtime.waitUntilStopped()
        }
        let url = "https://localhost:\(runtime.boundPort)/v1/ruleset"
        let resolve = "localhost:\(runtime.boundPort):127.0.0.1"
        let (ok, body) = try Self.run("/usr/bin/curl", ["-sS", "--max-time", "5", "--resolve", resolve, "--cacert", "ca.pem",
                                                        "--cert", "client.pem", "--key", "client.key", url], in: dir)
        #expect(ok == 0, "\(body)")
        #expect(body.contains("\"rulesets\""))
        let (refused, _) = try Self.run("/usr/bin/curl", ["-sS", "--max-time", "5", "--resolve", resolve, "--cacert", "ca.pem", url], in: dir)
        #expect(refused != 0)

        // SIGHUP's TLS component reloads the same files without a refusal...
        #expect(runtime.reload().failed.isEmpty)
        // ...and refuses a broken certificate: the old one stays in service, the refusal is counted.
        try Data("-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: dir + "/server.pem"))
        #expect(runtime.reload().failed == ["tls"])
        #expect(runtime.service.metrics.reloadFailures(component: "tls") == 1)
        let (stillOK, _) = try Self.run("/usr/bin/curl", ["-sS", "--max-time", "5", "--resolve", resolve, "--cacert", "ca.pem",
                                                          "--cert", "client.pem", "--key", "client.key", url], in: dir)
        #expect(stillOK == 0)
        runtime.flushLogs()
        let lines = accessLog.capturedLines()
        #expect(lines.contains { $0.contains(#""clientSubject":"CN=gateway,O=Clinic""#) && $0.contains(#""route":"/v1/ruleset""#) })
    }
}
