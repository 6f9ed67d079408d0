import Foundation
import RuleData
import Testing
@testable import ScrubberService

/// The package root (for Config/claim-scrubber.json and openapi.yaml).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct ConfigurationTests {
    @Test func shippedConfigFileEqualsCompiledInDefaults() throws {
        let path = packageRoot.appendingPathComponent("Config/claim-scrubber.json").path
        var flags = ConfigurationLoader.Flags()
        flags.configFile = path
        let loaded = try ConfigurationLoader.load(flags: flags, environment: [:])
        #expect(loaded == ServiceConfiguration())
        #expect(loaded.host == "127.0.0.1")
        #expect(loaded.port == 8080)
    }

    @Test func environmentOverridesFileAndFlagsOverrideEnvironment() throws {
        let file = try temporaryFile(#"{"port": 9000, "maxConnections": 10, "timeouts": {"idle": 5}}"#)
        var flags = ConfigurationLoader.Flags()
        flags.configFile = file
        var config = try ConfigurationLoader.load(flags: flags, environment: ["SCRUBBER_PORT": "9100", "SCRUBBER_MAX_CONNECTIONS": "20"])
        #expect(config.port == 9100)
        #expect(config.maxConnections == 20)
        #expect(config.idleTimeout == 5)
        flags.port = "9200"
        flags.host = "0.0.0.0"
        config = try ConfigurationLoader.load(flags: flags, environment: ["SCRUBBER_PORT": "9100"])
        #expect(config.port == 9200)
        #expect(config.host == "0.0.0.0")
    }

    @Test func eventLoopsComeFromFileOrEnvironmentAndReachTheHTTPServer() throws {
        let file = try temporaryFile(#"{"eventLoops": 3}"#)
        var flags = ConfigurationLoader.Flags()
        flags.configFile = file
        #expect(try ConfigurationLoader.load(flags: flags, environment: [:]).eventLoops == 3)
        let config = try ConfigurationLoader.load(flags: flags, environment: ["SCRUBBER_EVENT_LOOPS": "2"])
        #expect(config.httpServerConfiguration(tls: nil).eventLoops == 2)
        #expect(try ConfigurationLoader.load(flags: .init(), environment: [:]).eventLoops == 0)
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: .init(), environment: ["SCRUBBER_EVENT_LOOPS": "-1"])
        }
        #expect(error?.setting == "eventLoops")
    }

    @Test func invalidValueNamesTheSettingAndTheFile() throws {
        let file = try temporaryFile(#"{"limits": {"body": "big"}}"#)
        var flags = ConfigurationLoader.Flags()
        flags.configFile = file
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: flags, environment: [:])
        }
        #expect(error?.setting == "limits.body")
        #expect(error?.description.contains(file) == true)
    }

    @Test func unknownSettingIsRejectedNotIgnored() throws {
        let file = try temporaryFile(#"{"tls": {"certficate": "/x.pem"}}"#)
        var flags = ConfigurationLoader.Flags()
        flags.configFile = file
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: flags, environment: [:])
        }
        #expect(error?.setting == "tls.certficate")
    }

    @Test func badEnvironmentValueNamesTheVariable() {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: .init(), environment: ["SCRUBBER_PORT": "70000"])
        }
        #expect(error?.setting == "port")
        #expect(error?.origin == "environment SCRUBBER_PORT")
    }

    @Test func tlsCertificateWithoutKeyIsRejected() throws {
        let cert = try temporaryFile("not really a pem")
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: .init(), environment: ["SCRUBBER_TLS_CERTIFICATE": cert])
        }
        #expect(error?.setting == "tls.privateKey")
    }

    @Test func missingCertificateFileNamesSettingAndFile() {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: .init(), environment: [
                "SCRUBBER_TLS_CERTIFICATE": "/nonexistent/cert.pem", "SCRUBBER_TLS_PRIVATE_KEY": "/nonexistent/key.pem",
            ])
        }
        #expect(error?.setting == "tls.certificate")
        #expect(error?.description.contains("/nonexistent/cert.pem") == true)
    }

    @Test func apiKeysFromFileAndEnvironment() throws {
        let hex = String(repeating: "ab", count: 32)
        let file = try temporaryFile(#"{"auth": {"apiKeys": [{"name": "gateway", "sha256": "\#(hex)"}], "protectMetrics": true}}"#)
        var flags = ConfigurationLoader.Flags()
        flags.configFile = file
        let config = try ConfigurationLoader.load(flags: flags, environment: [:])
        #expect(config.apiKeys == [APIKeyAuthenticator.Key(name: "gateway", digest: [UInt8](repeating: 0xAB, count: 32))])
        #expect(config.protectMetrics)
        let fromEnv = try ConfigurationLoader.load(flags: .init(), environment: ["SCRUBBER_AUTH_API_KEYS": "a:\(hex),b:\(hex.uppercased())"])
        #expect(fromEnv.apiKeys.map(\.name) == ["a", "b"])
    }

    @Test func malformedKeyHashIsRejected() {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: .init(), environment: ["SCRUBBER_AUTH_API_KEYS": "gateway:1234"])
        }
        #expect(error?.setting == "auth.apiKeys")
    }

    @Test func flagsParseBothForms() throws {
        let flags = try ConfigurationLoader.parseFlags(["--port=0", "--host", "::1", "--config", "/c.json"])
        #expect(flags.port == "0")
        #expect(flags.host == "::1")
        #expect(flags.configFile == "/c.json")
        #expect(throws: ConfigurationError(setting: "--prot", origin: ConfigurationLoader.commandLineOrigin, message: "unknown option --prot")) {
            try ConfigurationLoader.parseFlags(["--prot", "1"])
        }
        #expect(throws: ConfigurationError(setting: "--port", origin: ConfigurationLoader.commandLineOrigin, message: "--port needs a value")) {
            try ConfigurationLoader.parseFlags(["--port"])
        }
        #expect(throws: ConfigurationError(setting: "8080", origin: ConfigurationLoader.commandLineOrigin, message: "unexpected argument 8080")) {
            try ConfigurationLoader.parseFlags(["8080"])
        }
    }

    @Test func everySettingHasAnEnvironmentVariableAndIsDocumentedOnce() {
        let names = ServiceConfiguration.settings.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(ServiceConfiguration.settings.allSatisfy { $0.environment.hasPrefix("SCRUBBER_") })
    }
}

func temporaryFile(_ contents: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("scrubber-test-\(UUID().uuidString).json").path
    try contents.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite struct ConfigurationFileSyntaxTests {
    @Test func duplicateSettingInFileIsRejectedWithItsPosition() throws {
        let file = try temporaryFile("{\"port\": 1,\n \"port\": 2}")
        var flags = ConfigurationLoader.Flags()
        flags.configFile = file
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: flags, environment: [:])
        }
        #expect(error?.message.contains("line 2") == true)
        #expect(error?.origin == "file \(file)")
    }
}

@Suite struct EmbeddedConfigurationTests {
    @Test func embeddedDefaultsAreTheCompiledInDefaults() throws {
        let text = try #require(ServiceAssembly.embeddedDefaultConfiguration)
        let loaded = try ConfigurationLoader.load(flags: .init(), environment: [:], embeddedDefaults: text)
        #expect(loaded == ServiceConfiguration())
    }

    @Test func embeddedOpenAPIIsTheRepositoryFile() throws {
        let file = try Data(contentsOf: packageRoot.appendingPathComponent("openapi.yaml"))
        #expect(ServiceAssembly.embeddedOpenAPI == [UInt8](file))
    }
}

@Suite struct AssemblyTests {
    @Test func unreadableTLSMaterialIsAConfigurationErrorNamingSettingAndFile() throws {
        let cert = try temporaryFile("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
        let key = try temporaryFile("not a key")
        var configuration = ServiceConfiguration()
        configuration.tlsCertificate = cert
        configuration.tlsPrivateKey = key
        let error = #expect(throws: ConfigurationError.self) { try ServiceAssembly(configuration: configuration) }
        #expect(error?.setting.hasPrefix("tls.") == true)
        #expect(error?.description.contains(cert) == true || error?.description.contains(key) == true)
    }

    @Test func missingRulesetsDirectoryIsAConfigurationError() {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(flags: .init(), environment: ["SCRUBBER_RULESETS_DIR": "/nonexistent/rulesets"])
        }
        #expect(error?.setting == "rulesets.directory")
    }

    @Test func withoutAnImportedQuarterTheStartUpNoticeNamesTheSnapshotAndTheImport() throws {
        let notice = try #require(try ServiceAssembly(configuration: ServiceConfiguration()).rulesetNotice)
        #expect(notice.hasPrefix("No NCCI quarter is imported."))
        #expect(notice.contains("the CMS practitioner NCCI edits in force on 2024-07-01"))
        #expect(notice.contains("claim-scrubber import-ncci"))
        // The same text as the result's NCCI_EDITS_SNAPSHOT finding.
        let finding = try #require(try RuleSetLoader.loadDefault().snapshotNotice)
        #expect(notice == "No NCCI quarter is imported. " + finding.message + " " + finding.fix)
    }

    @Test func anImportedQuarterSilencesTheStartUpNotice() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("assembly-notice-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try NCCIReloadUnderLoadTests.importVersion(indicator: "1", into: root + "/rulesets", work: root + "/work")
        var configuration = ServiceConfiguration()
        configuration.rulesetsDirectory = root + "/rulesets"
        #expect(try ServiceAssembly(configuration: configuration).rulesetNotice == nil)
    }

    @Test func defaultAssemblyLoadsTheEmbeddedRuleset() throws {
        let assembly = try ServiceAssembly(configuration: ServiceConfiguration())
        #expect(assembly.processor.loadedRulesetCount == 1)
        #expect(assembly.tls == nil)
        #expect(assembly.reloadComponents.map(\.name) == ["rulesets", "icd10cm"])
        #expect(String(decoding: assembly.openAPIDocument.prefix(12), as: UTF8.self) == "openapi: 3.1")
    }
}
