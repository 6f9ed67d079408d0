/// The tiny RFC 9457 problem+json body the HTTP layer sends with its own error responses.
enum ProblemBody {
    static let contentType = "application/problem+json"

    static func make(status: Int, detail: String) -> [UInt8] {
        var out = Array(#"{"type":"about:blank","title":""#.utf8)
        appendEscaped(&out, HTTPStatusText.reason(status))
        out += Array(#"","status":"#.utf8)
        out += Array(String(status).utf8)
        out += Array(#","detail":""#.utf8)
        appendEscaped(&out, detail)
        out += Array(#""}"#.utf8)
        return out
    }

    private static func appendEscaped(_ out: inout [UInt8], _ text: String) {
        for b in text.utf8 {
            switch b {
            case 34: out += [92, 34]
            case 92: out += [92, 92]
            case 0..<32: out += Array("\\u00".utf8) + [hex(b >> 4), hex(b & 15)]
            default: out.append(b)
            }
        }
    }

    private static func hex(_ n: UInt8) -> UInt8 { n < 10 ? 48 + n : 87 + n }
}
