import Foundation
@testable import HTTPServer
import TestSupport

/// Throwaway PKI for the TLS tests, generated once per test process with the `openssl` CLI into a
/// temporary directory (no private key is ever committed): a CA, a server certificate for
/// localhost/127.0.0.1 and a second one for rotation, client certificates (allowed, another
/// subject, expired, signed by a different CA).
struct TLSFixtures: Sendable {
    let directory: String

    func path(_ name: String) -> String { directory + "/" + name }

    var caCertificate: String { path("ca.pem") }
    var serverCertificate: String { path("server.pem") }
    var serverKey: String { path("server.key") }
    var rotatedCertificate: String { path("server2.pem") }
    var rotatedKey: String { path("server2.key") }

    /// (certificate, key) of a client certificate: "client" (CN=gateway,O=Clinic), "intruder"
    /// (CN=intruder,O=Clinic), "expired", "wrongca" (same subject as client, other CA).
    func client(_ name: String) -> (certificate: String, key: String) { (path(name + ".pem"), path(name + ".key")) }

    func serverConfiguration(clientCA: Bool = false, allowed: [String] = [], handshakeTimeout: Duration = .seconds(10)) -> TLSConfiguration {
        TLSConfiguration(certificatePath: serverCertificate, privateKeyPath: serverKey,
                         clientCAPath: clientCA ? caCertificate : nil, allowedClientSubjects: allowed,
                         handshakeTimeout: handshakeTimeout)
    }

    static let shared: Result<TLSFixtures, FixtureError> = make()

    struct FixtureError: Error, CustomStringConvertible { var description: String }

    static func get() throws -> TLSFixtures { try shared.get() }

    private static func make() -> Result<TLSFixtures, FixtureError> {
        let directory = NSTemporaryDirectory() + "claimscrubber-tls-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            // About twenty openssl runs: generous for a cold, loaded CI machine, but bounded.
            let (status, output) = try runProcess("/bin/sh", ["-c", script], directory: directory, timeout: 120)
            guard status == 0 else { return .failure(FixtureError(description: "openssl fixture script failed: \(output)")) }
            // The throwaway keys go away with the test process.
            atexit {
                if case .success(let fixtures) = TLSFixtures.shared {
                    try? FileManager.default.removeItem(atPath: fixtures.directory)
                }
            }
            return .success(TLSFixtures(directory: directory))
        } catch {
            return .failure(FixtureError(description: "cannot create fixtures: \(error)"))
        }
    }

    /// Runs a program to completion; returns its status and combined output. Bounded: a child
    /// still running after `timeout` seconds is killed and the call throws.
    static func runProcess(_ executable: String, _ arguments: [String], directory: String? = nil, stdin: String? = nil,
                           timeout: Double = 60) throws -> (Int32, String) {
        let result = try Subprocess.run(executable, arguments, directory: directory, stdin: Array((stdin ?? "").utf8),
                                        mergeStderr: true, timeout: timeout)
        return (result.status, result.output)
    }

    private static let script = #"""
set -eu
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() { # name subject
  key $1.key
  openssl req -x509 -new -key $1.key -sha256 -days 2 -subj "$2" -out $1.pem \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}
leaf() { # name subject ca ext
  key $1.key
  openssl req -new -key $1.key -subj "$2" -out $1.csr
  printf '%s\n' "$4" > $1.ext
  openssl x509 -req -in $1.csr -CA $3.pem -CAkey $3.key -CAcreateserial -days 2 -sha256 -extfile $1.ext -out $1.pem 2>/dev/null
}
ca ca "/O=Test/CN=Test CA"
ca otherca "/O=Elsewhere/CN=Other CA"
SERVER_EXT='subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth
basicConstraints=CA:FALSE'
CLIENT_EXT='extendedKeyUsage=clientAuth
basicConstraints=CA:FALSE'
leaf server "/O=Test/CN=localhost" ca "$SERVER_EXT"
leaf server2 "/O=Test Rotated/CN=localhost" ca "$SERVER_EXT"
leaf client "/O=Clinic/CN=gateway" ca "$CLIENT_EXT"
leaf intruder "/O=Clinic/CN=intruder" ca "$CLIENT_EXT"
leaf wrongca "/O=Clinic/CN=gateway" otherca "$CLIENT_EXT"
# An expired client certificate: `openssl ca` can set explicit validity dates.
key expired.key
openssl req -new -key expired.key -subj "/O=Clinic/CN=gateway" -out expired.csr
mkdir -p cadb && : > cadb/index.txt && echo 1000 > cadb/serial
cat > cadb/ca.cnf <<CNF
[ ca ]
default_ca = test
[ test ]
database = cadb/index.txt
serial = cadb/serial
new_certs_dir = cadb
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[ any ]
organizationName = optional
commonName = supplied
[ client ]
extendedKeyUsage = clientAuth
basicConstraints = CA:FALSE
CNF
openssl ca -batch -config cadb/ca.cnf -cert ca.pem -keyfile ca.key -extensions client \
  -startdate 20200101000000Z -enddate 20200102000000Z -in expired.csr -out expired.pem 2>/dev/null
"""#
}
