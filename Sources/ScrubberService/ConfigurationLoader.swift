#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ClaimX12
import FHIRClaim
import RuleData
import StrictJSON

/// Builds a `ServiceConfiguration` from a config file, `SCRUBBER_*` environment variables and
/// command-line flags (in that order of precedence, lowest first), and checks it.
public enum ConfigurationLoader {
    /// The parsed command line of `serve`.
    public struct Flags: Sendable, Equatable {
        public var host: String?
        public var port: String?
        public var configFile: String?
        public var help = false

        public init() {}
    }

    /// The `origin` of a `ConfigurationError` about the command line itself (an unknown option, a
    /// missing value): a usage error, whose `message` says what is wrong.
    public static let commandLineOrigin = "command line"

    /// `--host H`, `--port P`, `--config FILE` (also `--flag=value`), `-h`/`--help`.
    public static func parseFlags(_ args: [String]) throws(ConfigurationError) -> Flags {
        var flags = Flags()
        var i = 0
        while i < args.count {
            var arg = args[i]
            var inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                inline = String(arg[arg.index(after: eq)...])
                arg = String(arg[..<eq])
            }
            func value() throws(ConfigurationError) -> String {
                if let inline { return inline }
                i += 1
                guard i < args.count else {
                    throw ConfigurationError(setting: arg, origin: commandLineOrigin, message: "\(arg) needs a value")
                }
                return args[i]
            }
            switch arg {
            case "--host": flags.host = try value()
            case "--port": flags.port = try value()
            case "--config": flags.configFile = try value()
            case "-h", "--help": flags.help = true
            default:
                throw ConfigurationError(setting: arg, origin: commandLineOrigin,
                                         message: arg.hasPrefix("-") ? "unknown option \(arg)" : "unexpected argument \(arg)")
            }
            i += 1
        }
        return flags
    }

    /// The configuration for `flags` and `environment`: the compiled-in defaults, then
    /// `embeddedDefaults` (the text of Config/claim-scrubber.json embedded in the binary), then the
    /// config file (`--config`, else `SCRUBBER_CONFIG`), then `SCRUBBER_*` variables, then flags.
    public static func load(flags: Flags, environment: [String: String],
                            embeddedDefaults: String? = nil) throws(ConfigurationError) -> ServiceConfiguration {
        var configuration = ServiceConfiguration()
        if let embeddedDefaults {
            try applyJSON(Data(embeddedDefaults.utf8), origin: "embedded Config/claim-scrubber.json", to: &configuration)
        }
        if let file = flags.configFile ?? environment["SCRUBBER_CONFIG"] {
            try applyFile(file, to: &configuration)
        }
        for setting in ServiceConfiguration.settings {
            if let text = environment[setting.environment] {
                try apply(setting, .text(text), origin: "environment \(setting.environment)", to: &configuration)
            }
        }
        if let host = flags.host, let setting = setting(named: "host") {
            try apply(setting, .text(host), origin: "flag --host", to: &configuration)
        }
        if let port = flags.port, let setting = setting(named: "port") {
            try apply(setting, .text(port), origin: "flag --port", to: &configuration)
        }
        try validate(configuration)
        return configuration
    }

    /// Reads a JSON config file; unknown settings are errors (a typo must not be silently ignored).
    public static func applyFile(_ path: String, to configuration: inout ServiceConfiguration) throws(ConfigurationError) {
        let origin = "file \(path)"
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(setting: "--config", origin: origin, message: "cannot read the file")
        }
        try applyJSON(data, origin: origin, to: &configuration)
    }

    static func applyJSON(_ data: Data, origin: String, to configuration: inout ServiceConfiguration) throws(ConfigurationError) {
        let root: ConfigValue
        do {
            root = try ConfigValue.parse([UInt8](data))
        } catch {
            throw ConfigurationError(setting: "(file)", origin: origin, message: "not valid JSON: \(error.description)")
        }
        guard case .object(let members) = root else {
            throw ConfigurationError(setting: "(file)", origin: origin, message: "must be a JSON object")
        }
        try walk(members, prefix: "", origin: origin, into: &configuration)
    }

    private static func walk(_ members: [(String, ConfigValue)], prefix: String, origin: String,
                             into configuration: inout ServiceConfiguration) throws(ConfigurationError) {
        for (key, value) in members {
            let name = prefix + key
            if key == "$comment" || key.hasPrefix("_") { continue }
            if let setting = setting(named: name) {
                if case .null = value { continue }
                try apply(setting, value, origin: origin, to: &configuration)
            } else if case .object(let nested) = value,
                      ServiceConfiguration.settings.contains(where: { $0.name.hasPrefix(name + ".") }) {
                try walk(nested, prefix: name + ".", origin: origin, into: &configuration)
            } else {
                throw ConfigurationError(setting: name, origin: origin, message: "unknown setting")
            }
        }
    }

    static func setting(named name: String) -> ConfigurationSetting? {
        ServiceConfiguration.settings.first { $0.name == name }
    }

    static func apply(_ setting: ConfigurationSetting, _ value: ConfigValue, origin: String,
                      to configuration: inout ServiceConfiguration) throws(ConfigurationError) {
        func fail(_ message: String) -> ConfigurationError {
            ConfigurationError(setting: setting.name, origin: origin, message: message)
        }
        switch setting.kind {
        case .string(let path):
            guard let text = value.textValue, !text.isEmpty else { throw fail("must be a non-empty string") }
            configuration[keyPath: path] = text
        case .path(let path):
            guard let text = value.textValue else { throw fail("must be a file or directory path") }
            configuration[keyPath: path] = text.isEmpty ? nil : text
        case .int(let path, let range):
            let number: Int?
            switch value {
            case .number(let d): number = (d == d.rounded() && d.magnitude < 1e15) ? Int(d) : nil
            case .text(let t): number = Int(t.trimmingSpaces())
            default: number = nil
            }
            guard let number, range.contains(number) else {
                throw fail("must be an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            configuration[keyPath: path] = number
        case .seconds(let path, let range):
            let number: Double?
            switch value {
            case .number(let d): number = d
            case .text(let t): number = Double(t.trimmingSpaces())
            default: number = nil
            }
            guard let number, number.isFinite, range.contains(number) else {
                throw fail("must be a number of seconds from \(MetricsRegistry.format(range.lowerBound)) to \(MetricsRegistry.format(range.upperBound))")
            }
            configuration[keyPath: path] = number
        case .bool(let path):
            switch value {
            case .bool(let b): configuration[keyPath: path] = b
            case .text(let t):
                switch t.lowercased() {
                case "true", "1", "yes", "on": configuration[keyPath: path] = true
                case "false", "0", "no", "off": configuration[keyPath: path] = false
                default: throw fail("must be true or false")
                }
            default: throw fail("must be true or false")
            }
        case .subjects:
            switch value {
            case .array(let items):
                var subjects: [String] = []
                for item in items {
                    guard case .string(let s) = item, !s.isEmpty else { throw fail("must be an array of non-empty strings") }
                    subjects.append(s)
                }
                configuration.tlsAllowedClientSubjects = subjects
            case .text(let t):
                configuration.tlsAllowedClientSubjects = t.split(separator: "|").map {
                    $0.trimmingSpaces()
                }.filter { !$0.isEmpty }
            default: throw fail("must be an array of subject strings")
            }
        case .apiKeys:
            var keys: [APIKeyAuthenticator.Key] = []
            switch value {
            case .array(let items):
                for (index, item) in items.enumerated() {
                    guard case .object(let fields) = item else { throw fail("entry \(index) must be an object {name, sha256}") }
                    var name: String?, hex: String?
                    for (k, v) in fields {
                        switch (k, v) {
                        case ("name", .string(let s)): name = s
                        case ("sha256", .string(let s)): hex = s
                        default: throw fail("entry \(index): unexpected field \"\(k)\" (only name and sha256)")
                        }
                    }
                    keys.append(try key(name: name, hex: hex, index: index, fail: fail))
                }
            case .text(let t):
                for (index, part) in t.split(separator: ",").enumerated() {
                    let pieces = part.split(separator: ":", maxSplits: 1).map { $0.trimmingSpaces() }
                    guard pieces.count == 2 else { throw fail("entry \(index) must be name:sha256") }
                    keys.append(try key(name: pieces[0], hex: pieces[1], index: index, fail: fail))
                }
            default: throw fail("must be an array of {name, sha256}")
            }
            if Set(keys.map(\.name)).count != keys.count { throw fail("key names must be unique") }
            configuration.apiKeys = keys
        case .x12PayerMap:
            configuration.x12PayerMap = X12PayerMap(entries: try x12PayerMapEntries(value, fail: fail))
        case .payerMap:
            configuration.fhirPayerMap = PayerMap(entries: try payerMapEntries(value, fail: fail))
        }
    }

    /// `[{"source", "system", "code", "payer"}]` from a file, `source:system|code=payer,...` from text.
    private static func payerMapEntries(_ value: ConfigValue,
                                        fail: (String) -> ConfigurationError) throws(ConfigurationError) -> [PayerMap.Entry] {
        let sources = PayerMap.Entry.Source.allCases.map(\.rawValue).joined(separator: " or ")
        switch value {
        case .array(let items):
            var entries: [PayerMap.Entry] = []
            for (index, item) in items.enumerated() {
                guard case .object(let fields) = item else { throw fail("entry \(index) must be an object {source, system, code, payer}") }
                var text: [String: String] = [:]
                for (k, v) in fields {
                    guard ["source", "system", "code", "payer"].contains(k), case .string(let s) = v, !s.isEmpty else {
                        throw fail("entry \(index): \"\(k)\" is not one of source, system, code, payer with a non-empty string")
                    }
                    text[k] = s
                }
                guard let source = text["source"].flatMap(PayerMap.Entry.Source.init(rawValue:)) else {
                    throw fail("entry \(index): source must be \(sources)")
                }
                guard let system = text["system"], let code = text["code"], let payer = text["payer"] else {
                    throw fail("entry \(index): system, code and payer are required")
                }
                entries.append(PayerMap.Entry(source: source, system: system, code: code, payer: payer))
            }
            return entries
        case .text(let t):
            var entries: [PayerMap.Entry] = []
            for (index, part) in t.split(separator: ",").enumerated() {
                guard let entry = PayerMap.Entry(text: part.trimmingSpaces()) else {
                    throw fail("entry \(index) must be source:system|code=payer with source \(sources)")
                }
                entries.append(entry)
            }
            return entries
        default:
            throw fail("must be an array of {source, system, code, payer}")
        }
    }

    private static func key(name: String?, hex: String?, index: Int,
                            fail: (String) -> ConfigurationError) throws(ConfigurationError) -> APIKeyAuthenticator.Key {
        guard let name, !name.isEmpty, name.count <= 64, RequestIDGenerator.isAcceptable(name) else {
            throw fail("entry \(index): name must be 1-64 characters from A-Z a-z 0-9 - _ . : @")
        }
        guard let hex, let digest = APIKeyAuthenticator.digest(fromHex: hex) else {
            throw fail("entry \(index) (\(name)): sha256 must be 64 hex digits (claim-scrubber hash-key prints it)")
        }
        return APIKeyAuthenticator.Key(name: name, digest: digest)
    }

    /// `[{"payerId" or "filingIndicator", "payer"}]` from a file, `key:value=payer,...` from text.
    private static func x12PayerMapEntries(_ value: ConfigValue,
                                           fail: (String) -> ConfigurationError) throws(ConfigurationError) -> [X12PayerMap.Entry] {
        switch value {
        case .array(let items):
            var entries: [X12PayerMap.Entry] = []
            for (index, item) in items.enumerated() {
                guard case .object(let fields) = item else { throw fail("entry \(index) must be an object {payerId or filingIndicator, payer}") }
                var key: X12PayerMap.Entry.Key?, value: String?, payer: String?
                for (k, v) in fields {
                    guard case .string(let text) = v, !text.isEmpty else {
                        throw fail("entry \(index): \"\(k)\" must be a non-empty string")
                    }
                    if k == "payer" {
                        payer = text
                    } else if let kind = X12PayerMap.Entry.Key(rawValue: k), key == nil {
                        key = kind
                        value = text
                    } else {
                        throw fail("entry \(index): unexpected field \"\(k)\" (one of payerId or filingIndicator, and payer)")
                    }
                }
                guard let key, let value, let payer else {
                    throw fail("entry \(index) needs payerId or filingIndicator, and payer")
                }
                entries.append(X12PayerMap.Entry(key: key, value: value, payer: payer))
            }
            return entries
        case .text(let t):
            var entries: [X12PayerMap.Entry] = []
            for (index, part) in t.split(separator: ",").enumerated() {
                guard let entry = X12PayerMap.Entry(text: part.trimmingSpaces()) else {
                    throw fail("entry \(index) must be payerId:ID=payer or filingIndicator:CODE=payer")
                }
                entries.append(entry)
            }
            return entries
        default:
            throw fail("must be an array of {payerId or filingIndicator, payer}")
        }
    }

    /// Cross-setting checks and file existence (a missing certificate must stop the start, naming it).
    public static func validate(_ c: ServiceConfiguration) throws(ConfigurationError) {
        if (c.tlsCertificate == nil) != (c.tlsPrivateKey == nil) {
            let missing = c.tlsCertificate == nil ? "tls.certificate" : "tls.privateKey"
            throw ConfigurationError(setting: missing, origin: "", message: "tls.certificate and tls.privateKey must be set together")
        }
        if c.tlsClientCA != nil && c.tlsCertificate == nil {
            throw ConfigurationError(setting: "tls.clientCA", origin: "", message: "mutual TLS needs tls.certificate and tls.privateKey")
        }
        if !c.tlsAllowedClientSubjects.isEmpty && c.tlsClientCA == nil {
            throw ConfigurationError(setting: "tls.allowedClientSubjects", origin: "", message: "needs tls.clientCA (mutual TLS)")
        }
        if c.protectMetrics && c.apiKeys.isEmpty {
            throw ConfigurationError(setting: "auth.protectMetrics", origin: "", message: "needs at least one key in auth.apiKeys")
        }
        for (name, path) in [("tls.certificate", c.tlsCertificate), ("tls.privateKey", c.tlsPrivateKey), ("tls.clientCA", c.tlsClientCA)] {
            guard let path else { continue }
            if !FileManager.default.isReadableFile(atPath: path) {
                throw ConfigurationError(setting: name, origin: "file \(path)", message: "file not found or not readable")
            }
        }
        if let dir = c.rulesetsDirectory {
            if !FilePaths.isDirectory(dir) {
                throw ConfigurationError(setting: "rulesets.directory", origin: "directory \(dir)", message: "not found or not a directory")
            }
        }
    }
}

extension ConfigValue {
    var textValue: String? {
        switch self {
        case .string(let s), .text(let s): return s
        default: return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (full Foundation's
    /// `trimmingCharacters(in: .whitespaces)`, which this module does without: see the import).
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace && !$0.isNewline }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
