import ClaimRules
import FHIRClaim
import Foundation
import StrictJSON
import Testing

/// The package root (Config/examples/fhir, docs/fhir.md).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

enum Fixtures {
    /// A constructed example claim of Config/examples/fhir as a JSON object (Foundation, tests only).
    static func example(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Config/examples/fhir/\(name).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func bytes(_ object: Any) throws -> [UInt8] {
        [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// Reads a body; the mapping, or a recorded test failure.
    static func mapping(_ object: Any, payerMap: PayerMap = PayerMap(),
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> FHIRClaimMapping {
        let outcome = FHIRClaimReader(payerMap: payerMap).read(try bytes(object))
        guard case .claim(let mapping) = outcome else {
            Issue.record("expected a Claim, got \(outcome)", sourceLocation: sourceLocation)
            throw FixtureError.notAClaim
        }
        return mapping
    }

    enum FixtureError: Error { case notAClaim, badPath(String) }

    /// `object` with the value at a dotted path (`item.0.quantity`) replaced, or removed when `value` is nil.
    static func edited(_ object: Any, _ path: String, _ value: Any?) throws -> Any {
        try edit(object, path.split(separator: ".").map(String.init)[...], value)
    }

    private static func edit(_ object: Any, _ keys: ArraySlice<String>, _ value: Any?) throws -> Any {
        guard let key = keys.first else { return value as Any }
        if var dict = object as? [String: Any] {
            if keys.count == 1 {
                dict[key] = value
            } else {
                dict[key] = try edit(dict[key] ?? [String: Any](), keys.dropFirst(), value)
            }
            return dict
        }
        if var array = object as? [Any], let index = Int(key), index == array.count, keys.count == 1, let value {
            array.append(value)
            return array
        }
        if var array = object as? [Any], let index = Int(key), array.indices.contains(index) {
            if keys.count == 1 {
                if let value { array[index] = value } else { array.remove(at: index) }
            } else {
                array[index] = try edit(array[index], keys.dropFirst(), value)
            }
            return array
        }
        throw FixtureError.badPath(keys.joined(separator: "."))
    }

    static func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(text)) }
}

extension FHIRClaimMapping {
    /// The issues with our code `code`.
    func issues(_ code: String) -> [FHIRIssue] { issues.filter { $0.detailCode == code } }
    func issues(_ code: FHIRInputCode) -> [FHIRIssue] { issues(code.rawValue) }
}
