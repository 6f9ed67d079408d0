extension JSONValue {
    /// This value as JSON bytes.
    public func serialized(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.value(self)
        return writer.finish()
    }
}
