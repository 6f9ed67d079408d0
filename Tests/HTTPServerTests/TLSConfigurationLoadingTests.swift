import Foundation
import Testing
@testable import HTTPServer

/// Loading TLS material: every failure names the setting, the file and why.
@Suite struct TLSConfigurationLoadingTests {
    let fixtures: TLSFixtures
    init() throws { fixtures = try TLSFixtures.get() }

    private func loadError(_ configuration: TLSConfiguration) -> TLSConfigurationError? {
        do {
            _ = try TLSProvider(configuration)
            return nil
        } catch {
            return error
        }
    }

    private func writeFile(_ name: String, _ text: String) throws -> String {
        let path = fixtures.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func validFilesLoadAndDescribeTheCertificate() throws {
        let provider = try TLSProvider(fixtures.serverConfiguration(clientCA: true))
        #expect(provider.certificate.subject == "CN=localhost,O=Test")
        #expect(provider.certificate.sha256.count == 64)
        #expect(provider.certificate.notAfter > Date())
    }

    @Test func missingCertificateFileNamesSettingAndFile() {
        var configuration = fixtures.serverConfiguration()
        configuration.certificatePath = fixtures.path("absent.pem")
        let error = loadError(configuration)
        #expect(error?.setting == "tls.certificate")
        #expect(error?.path == fixtures.path("absent.pem"))
        #expect(error?.reason == "No such file or directory")
        #expect(error?.description == "tls.certificate: \(fixtures.path("absent.pem")): No such file or directory")
    }

    @Test func directoryInsteadOfAFileIsRefused() {
        var configuration = fixtures.serverConfiguration()
        configuration.privateKeyPath = fixtures.directory
        let error = loadError(configuration)
        #expect(error?.setting == "tls.privateKey")
        #expect(error?.reason == "not a regular file")
    }

    @Test func fileWithoutPEMIsRefused() throws {
        var configuration = fixtures.serverConfiguration()
        configuration.certificatePath = try writeFile("garbage.pem", "not a certificate\n")
        let error = loadError(configuration)
        #expect(error?.setting == "tls.certificate")
        #expect(error?.reason.hasPrefix("no PEM certificate found in the file") == true)
    }

    @Test func keyOfAnotherCertificateIsRefused() {
        var configuration = fixtures.serverConfiguration()
        configuration.privateKeyPath = fixtures.rotatedKey
        let error = loadError(configuration)
        #expect(error?.setting == "tls.privateKey")
        #expect(error?.path == fixtures.rotatedKey)
        #expect(error?.reason.hasPrefix("private key does not match the certificate in \(fixtures.serverCertificate)") == true)
    }

    @Test func certificateFileGivenAsKeyIsRefused() {
        var configuration = fixtures.serverConfiguration()
        configuration.privateKeyPath = fixtures.serverCertificate
        let error = loadError(configuration)
        #expect(error?.setting == "tls.privateKey")
        #expect(error?.reason.hasPrefix("no PEM private key found") == true, "\(String(describing: error))")
    }

    @Test func expiredServerCertificateIsRefused() {
        let expired = fixtures.client("expired")
        let error = loadError(TLSConfiguration(certificatePath: expired.certificate, privateKeyPath: expired.key))
        #expect(error?.setting == "tls.certificate")
        #expect(error?.reason.contains("expired") == true)
    }

    @Test func unreadableOrBrokenClientCAIsRefused() throws {
        var configuration = fixtures.serverConfiguration()
        configuration.clientCAPath = fixtures.path("absent-ca.pem")
        #expect(loadError(configuration)?.setting == "tls.clientCA")

        configuration.clientCAPath = try writeFile("garbage-ca.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        let error = loadError(configuration)
        #expect(error?.setting == "tls.clientCA")
        #expect(error?.path == configuration.clientCAPath)
    }

    @Test func allowListWithoutClientCAIsRefused() {
        var configuration = fixtures.serverConfiguration()
        configuration.allowedClientSubjects = ["CN=gateway,O=Clinic"]
        #expect(loadError(configuration)?.setting == "tls.allowedClientSubjects")
    }

    @Test func encryptedKeyIsRefusedWithoutPromptingForAPassPhrase() throws {
        let encrypted = fixtures.path("encrypted.key")
        let (status, output) = try TLSFixtures.runProcess(
            "/usr/bin/openssl", ["pkey", "-in", fixtures.serverKey, "-aes256", "-passout", "pass:secret", "-out", encrypted])
        #expect(status == 0, "\(output)")
        var configuration = fixtures.serverConfiguration()
        configuration.privateKeyPath = encrypted
        let error = loadError(configuration)
        #expect(error?.setting == "tls.privateKey")
        #expect(error?.reason.contains("pass phrase") == true)
    }
}
