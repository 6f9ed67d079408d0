/// What reading one field's value gave: absent (`null` counts as absent, as with Codable's
/// `decodeIfPresent`), a value, or a problem already reported.
enum Read<Value> {
    case absent
    case value(Value)
    case invalid

    var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    var isInvalid: Bool {
        if case .invalid = self { return true }
        return false
    }
}
