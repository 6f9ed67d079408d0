import Foundation

/// A raw setting value before it is checked: from a JSON config file or from text (environment,
/// flags).
enum ConfigValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ConfigValue])
    case object([(String, ConfigValue)])
    case text(String)

    static func == (a: ConfigValue, b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)), let (.text(x), .text(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Parses a config file's JSON (startup only, so Foundation is fine here).
    static func parse(_ data: Data) throws -> ConfigValue {
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return convert(object)
    }

    private static func convert(_ any: Any) -> ConfigValue {
        switch any {
        case is NSNull: return .null
        case let s as String: return .string(s)
        case let n as NSNumber:
            // JSONSerialization gives NSNumber for both; booleans have objCType "c".
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        case let a as [Any]: return .array(a.map(convert))
        case let d as [String: Any]: return .object(d.keys.sorted().map { ($0, convert(d[$0] ?? NSNull())) })
        default: return .null
        }
    }

    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string, .text: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
