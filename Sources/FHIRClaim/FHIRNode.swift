import StrictJSON

/// A JSON value inside the submitted document with its FHIRPath from the document's root, so every
/// issue can say where it is (`Claim.item[1].modifier[0]`).
struct FHIRNode {
    let value: JSONValue
    let path: String

    /// Member `key` (absent and JSON `null` both read as absent: FHIR JSON never sends null).
    func child(_ key: String) -> FHIRNode? {
        guard let member = value[key], !member.isNull else { return nil }
        return FHIRNode(value: member, path: path + "." + key)
    }

    var resourceType: String? { value["resourceType"]?.stringValue }
    var id: String? { value["id"]?.stringValue }

    /// The elements of an array node, each with its indexed path.
    var elements: [FHIRNode] {
        guard case .array(let items) = value else { return [] }
        return items.enumerated().map { FHIRNode(value: $0.element, path: "\(path)[\($0.offset)]") }
    }

    /// The codings of a CodeableConcept node: `(system, code)` of each coding that has a string code.
    var codings: [(system: String?, code: String)] {
        guard let codings = value["coding"]?.arrayElements else { return [] }
        return codings.compactMap { coding in
            guard let code = coding["code"]?.stringValue, !code.isEmpty else { return nil }
            return (coding["system"]?.stringValue, code)
        }
    }

    /// The identifiers of a resource or Reference node: `(system, value)` of each with a string value.
    var identifiers: [(system: String?, value: String)] {
        var list: [JSONValue] = []
        if case .array(let items)? = value["identifier"] { list = items }
        if case .object? = value["identifier"], let single = value["identifier"] { list = [single] }
        return list.compactMap { identifier in
            guard let value = identifier["value"]?.stringValue, !value.isEmpty else { return nil }
            return (identifier["system"]?.stringValue, value)
        }
    }
}
