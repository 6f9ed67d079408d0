// http-verdict: what our request parser makes of each message, for the differential check against
// an independent parser (scripts/http-differential.py).
//
// Reads one message per line on standard input, as hex; writes one JSON object per line:
//   {"verdict":"accept","method":...,"target":...,"minorVersion":...,"headers":[[name,hex value],...],"body":hex}
//   {"verdict":"reject","status":...,"reason":...}
//   {"verdict":"incomplete"}
// Header names are lowercased; values and the body are hex so every byte survives. Only the first
// request of a message is reported.
import HTTPServer
import StrictJSON

let hexDigits = Array("0123456789abcdef".utf8)

func hex(_ bytes: some Sequence<UInt8>) -> String {
    var out: [UInt8] = []
    for b in bytes {
        out.append(hexDigits[Int(b >> 4)])
        out.append(hexDigits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}

func unhex(_ line: String) -> [UInt8]? {
    let text = Array(line.utf8)
    guard text.count % 2 == 0 else { return nil }
    func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
    var out: [UInt8] = []
    out.reserveCapacity(text.count / 2)
    var i = 0
    while i < text.count {
        guard let high = nibble(text[i]), let low = nibble(text[i + 1]) else { return nil }
        out.append(high << 4 | low)
        i += 2
    }
    return out
}

func verdict(_ message: [UInt8]) -> [UInt8] {
    var parser = HTTPRequestParser()
    parser.append(message)
    var w = JSONWriter()
    w.beginObject()
    while let event = parser.next() {
        switch event {
        case .head, .bodyPart, .bodyEnd:
            // (no body is streamed here: bodies come whole in `.request`)
            continue
        case .request(let request):
            w.field("verdict", "accept")
            w.field("method", request.method)
            w.field("target", request.target)
            w.field("minorVersion", request.minorVersion)
            w.key("headers")
            w.beginArray()
            for field in request.headers.fields {
                w.beginArray()
                w.string(String(decoding: field.name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self))
                w.string(hex(field.value.utf8))
                w.endArray()
            }
            w.endArray()
            w.field("body", hex(request.body))
        case .failure(let error):
            w.field("verdict", "reject")
            w.field("status", error.status)
            w.field("reason", error.reason)
        }
        w.endObject()
        return w.finish()
    }
    w.field("verdict", "incomplete")
    w.endObject()
    return w.finish()
}

while let line = readLine(strippingNewline: true) {
    guard let message = unhex(line) else {
        print(#"{"verdict":"error","reason":"input line is not hex"}"#)
        continue
    }
    print(String(decoding: verdict(message), as: UTF8.self))
}
