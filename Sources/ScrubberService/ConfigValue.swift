import StrictJSON

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

    /// Parses a config file with the strict reader (duplicate keys are errors: two values for one
    /// setting must never be resolved silently).
    static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> ConfigValue {
        convert(try JSONReader.parse(bytes))
    }

    private static func convert(_ value: JSONValue) -> ConfigValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n.doubleValue)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(convert))
        case .object(let members): return .object(members.map { ($0.key, convert($0.value)) })
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
