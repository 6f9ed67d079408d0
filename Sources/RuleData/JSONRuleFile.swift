#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StrictJSON

/// One JSON rule data file: strictly parsed (RFC 8259, no duplicate keys), with the line of every field
/// so that problems found later still name a line.
///
/// Members whose key starts with `//` are comments (JSON has none): they are skipped by the
/// unknown-field check and ignored by decoding.
struct JSONRuleFile {
    let file: String
    let text: String
    let value: JSONValue
    let lineMap: JSONLineMap

    /// Parses `text`; a syntax error becomes a problem with its line and column.
    init?(_ text: String, file: String, problems: inout [RuleDataProblem]) {
        do {
            value = try JSONReader.parse(text)
        } catch {
            problems.append(RuleDataProblem(file: file, line: error.line, field: nil,
                                            message: "invalid JSON at column \(error.column): \(error.message)"))
            return nil
        }
        self.file = file
        self.text = text
        lineMap = JSONLineMap(text)
    }

    /// A problem at the field `pointer` (RFC 6901), on the line where the field is written.
    func problem(_ pointer: String, _ message: String) -> RuleDataProblem {
        RuleDataProblem(file: file, line: lineMap.line(of: pointer), field: pointer.isEmpty ? nil : pointer, message: message)
    }

    /// Decodes with Foundation's `JSONDecoder` (loading is not a hot path); a decoding error becomes a
    /// problem at the field it concerns. `allowedValues` gives the valid strings of enum-typed fields by
    /// key, for a helpful message.
    func decode<T: Decodable>(_ type: T.Type, allowedValues: [String: [String]] = [:], problems: inout [RuleDataProblem]) -> T? {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch let error as DecodingError {
            problems.append(problem(for: error, allowedValues: allowedValues))
        } catch {
            problems.append(RuleDataProblem(file: file, line: nil, field: nil, message: "cannot be decoded: \(error)"))
        }
        return nil
    }

    private func pointer(_ path: [any CodingKey]) -> String {
        path.map { key in "/" + (key.intValue.map(String.init) ?? JSONLineMap.escape(key.stringValue)) }.joined()
    }

    private func problem(for error: DecodingError, allowedValues: [String: [String]]) -> RuleDataProblem {
        switch error {
        case .keyNotFound(let key, let context):
            let container = pointer(context.codingPath)
            return RuleDataProblem(file: file, line: lineMap.line(of: container), field: container + "/" + JSONLineMap.escape(key.stringValue),
                                   message: "is required but missing")
        case .typeMismatch(let expected, let context):
            let at = pointer(context.codingPath)
            return problem(at, "has the wrong type: expected \(typeName(expected))")
        case .valueNotFound(let expected, let context):
            let at = pointer(context.codingPath)
            return problem(at, "is null: expected \(typeName(expected))")
        case .dataCorrupted(let context):
            let at = pointer(context.codingPath)
            let lastKey = context.codingPath.last(where: { $0.intValue == nil })?.stringValue ?? ""
            if let allowed = allowedValues[lastKey], let found = value(at: at)?.stringValue {
                return problem(at, "\(RuleDataFields.quoted(found)) is not one of \(allowed.joined(separator: ", "))")
            }
            return problem(at, context.debugDescription)
        @unknown default:
            return RuleDataProblem(file: file, line: nil, field: nil, message: "cannot be decoded: \(error)")
        }
    }

    private func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object or value of type \(name)"
        }
    }

    /// The value at `pointer`, if any.
    func value(at pointer: String) -> JSONValue? {
        var current: JSONValue? = value
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = String(token.replacing("~1", with: "/").replacing("~0", with: "~"))
            if case .array = current, let index = Int(key) { current = current?[index] } else { current = current?[key] }
        }
        return current
    }

    /// Members present in the file but absent from `known` (the decoded value encoded again), i.e. fields
    /// the decoder ignored: most likely misspelt. `//` comments and null-valued members are skipped.
    func unknownFields(known: JSONValue) -> [RuleDataProblem] {
        var problems: [RuleDataProblem] = []
        collectUnknown(value, known: known, pointer: "", into: &problems)
        return problems
    }

    private func collectUnknown(_ value: JSONValue, known: JSONValue, pointer: String, into problems: inout [RuleDataProblem]) {
        if let members = value.objectMembers {
            for member in members where !member.key.hasPrefix("//") && !member.value.isNull {
                let at = pointer + "/" + JSONLineMap.escape(member.key)
                guard let knownValue = known[member.key] else {
                    problems.append(problem(at, "is not a known field (misspelt?); write comments as \"//...\" members"))
                    continue
                }
                collectUnknown(member.value, known: knownValue, pointer: at, into: &problems)
            }
        } else if let elements = value.arrayElements, let knownElements = known.arrayElements {
            for (index, element) in elements.enumerated() where index < knownElements.count {
                collectUnknown(element, known: knownElements[index], pointer: pointer + "/\(index)", into: &problems)
            }
        }
    }

    /// `value` encoded with Foundation's `JSONEncoder` and read back, for `unknownFields(known:)`.
    static func encodedTree<T: Encodable>(_ value: T) -> JSONValue? {
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return try? JSONReader.parse(Array(data))
    }
}
