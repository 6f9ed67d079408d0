import StrictJSON

/// One problem found while reading wire JSON: an RFC 6901 pointer and a plain-English message.
struct WireProblem: Equatable, Sendable {
    var pointer: String
    var message: String
}

/// Reads typed fields out of a `JSONValue` tree, recording every problem instead of stopping at the
/// first, so a client gets the whole list in one 422 response.
///
/// Pointers are built only when a problem is recorded: the happy path allocates nothing for them.
struct WireReader {
    var problems: [WireProblem] = []

    mutating func report(_ pointer: String, _ message: String) {
        problems.append(WireProblem(pointer: pointer, message: message))
    }

    /// The members of `value` if it is an object; reports a wrong type and any member whose key is not
    /// in `allowed` (the wire format is strict so that typos never pass silently).
    mutating func object(_ value: JSONValue, at pointer: String, allowed: [String], what: String) -> [JSONMember]? {
        guard case .object(let members) = value else {
            report(pointer, "\(what) must be an object, found \(value.typeName)")
            return nil
        }
        for member in members where !allowed.contains(where: { member.hasKey($0) }) {
            report(
                JSONPointer.appending(pointer, key: member.key),
                "unknown field \"\(member.key)\" in \(what); allowed fields: \(allowed.joined(separator: ", "))"
            )
        }
        return members
    }

    /// The value of `key`, treating `null` as absent (as Codable's `decodeIfPresent` does).
    func member(_ members: [JSONMember], _ key: String) -> JSONValue? {
        for member in members where member.hasKey(key) {
            if case .null = member.value { return nil }
            return member.value
        }
        return nil
    }

    /// Reports a missing required field.
    mutating func missing(_ pointer: String, _ key: String) {
        report(JSONPointer.appending(pointer, key: key), "\(key) is required")
    }

    // MARK: Scalars

    mutating func string(_ members: [JSONMember], _ key: String, at pointer: String, required: Bool) -> String? {
        guard let value = member(members, key) else {
            if required { missing(pointer, key) }
            return nil
        }
        guard case .string(let text) = value else {
            report(JSONPointer.appending(pointer, key: key), "\(key) must be a string, found \(value.typeName)")
            return nil
        }
        return text
    }

    mutating func bool(_ members: [JSONMember], _ key: String, at pointer: String) -> Bool? {
        guard let value = member(members, key) else { return nil }
        guard case .bool(let flag) = value else {
            report(JSONPointer.appending(pointer, key: key), "\(key) must be true or false, found \(value.typeName)")
            return nil
        }
        return flag
    }

    /// A non-negative whole number (no fraction, no exponent) that fits in `Int`.
    mutating func count(_ members: [JSONMember], _ key: String, at pointer: String, required: Bool = false) -> Int? {
        guard let value = member(members, key) else {
            if required { missing(pointer, key) }
            return nil
        }
        guard case .number(let number) = value else {
            report(JSONPointer.appending(pointer, key: key), "\(key) must be a whole number, found \(value.typeName)")
            return nil
        }
        guard let integer = number.int64Value, let result = Int(exactly: integer) else {
            if number.isIntegerSyntax {
                report(JSONPointer.appending(pointer, key: key), "\(key) is too large")
            } else {
                report(JSONPointer.appending(pointer, key: key), "\(key) must be a whole number without fraction or exponent, found \(number.text)")
            }
            return nil
        }
        guard result >= 0 else {
            report(JSONPointer.appending(pointer, key: key), "\(key) must not be negative, found \(number.text)")
            return nil
        }
        return result
    }

    /// A finite, non-negative number (dollar amounts).
    mutating func amount(_ members: [JSONMember], _ key: String, at pointer: String) -> Double? {
        guard let value = member(members, key) else { return nil }
        guard case .number(let number) = value else {
            report(JSONPointer.appending(pointer, key: key), "\(key) must be a number, found \(value.typeName)")
            return nil
        }
        let amount = number.doubleValue
        guard amount.isFinite else {
            report(JSONPointer.appending(pointer, key: key), "\(key) is out of range")
            return nil
        }
        guard amount >= 0 else {
            report(JSONPointer.appending(pointer, key: key), "\(key) must not be negative, found \(number.text)")
            return nil
        }
        return amount
    }

    /// A value from a closed set of strings; the message lists the allowed values.
    mutating func choice<Value>(
        _ members: [JSONMember], _ key: String, at pointer: String, required: Bool,
        allowed: [(name: String, value: Value)]
    ) -> Value? {
        guard let text = string(members, key, at: pointer, required: required) else { return nil }
        for entry in allowed where entry.name == text && entry.name.utf8.elementsEqual(text.utf8) { return entry.value }
        report(
            JSONPointer.appending(pointer, key: key),
            "\(key) \"\(text)\" is not one of: \(allowed.map(\.name).joined(separator: ", "))"
        )
        return nil
    }

    // MARK: Arrays

    /// The elements of the array at `key`, or nil (reporting a wrong type or a missing required array).
    mutating func array(_ members: [JSONMember], _ key: String, at pointer: String, required: Bool) -> [JSONValue]? {
        guard let value = member(members, key) else {
            if required { missing(pointer, key) }
            return nil
        }
        guard case .array(let elements) = value else {
            report(JSONPointer.appending(pointer, key: key), "\(key) must be an array, found \(value.typeName)")
            return nil
        }
        return elements
    }

    /// An array of strings; wrong-typed elements are reported by index and left out.
    mutating func strings(_ members: [JSONMember], _ key: String, at pointer: String) -> [String]? {
        guard let elements = array(members, key, at: pointer, required: false) else { return nil }
        var result: [String] = []
        result.reserveCapacity(elements.count)
        var ok = true
        for (index, element) in elements.enumerated() {
            if case .string(let text) = element {
                result.append(text)
            } else {
                ok = false
                report(
                    JSONPointer.appending(JSONPointer.appending(pointer, key: key), index: index),
                    "\(key) entries must be strings, found \(element.typeName)"
                )
            }
        }
        return ok ? result : nil
    }
}
