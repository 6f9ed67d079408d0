/// RFC 6901 JSON Pointer construction.
public enum JSONPointer {
    /// `parent` extended by one object key, escaping `~` as `~0` and `/` as `~1` (RFC 6901 §3).
    public static func appending(_ parent: String, key: String) -> String {
        var escaped = ""
        var needsEscape = false
        for byte in key.utf8 where byte == UInt8(ascii: "~") || byte == UInt8(ascii: "/") {
            needsEscape = true
            break
        }
        if needsEscape {
            for character in key {
                switch character {
                case "~": escaped += "~0"
                case "/": escaped += "~1"
                default: escaped.append(character)
                }
            }
        } else {
            escaped = key
        }
        return parent + "/" + escaped
    }

    /// `parent` extended by one array index.
    public static func appending(_ parent: String, index: Int) -> String {
        parent + "/" + String(index)
    }
}
