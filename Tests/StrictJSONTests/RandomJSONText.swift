/// Builds random valid JSON texts directly as bytes, with random whitespace, escapes of every kind,
/// non-ASCII and astral characters, and numbers in every RFC 8259 form, so the reader is exercised on
/// spellings our own writer would never produce.
struct RandomJSONText {
    var rng: SeededGenerator
    /// Probability (per object) of repeating a key, to exercise the duplicate-key difference.
    var duplicateKeyChance = 0.0

    mutating func document(maxDepth: Int = 5) -> [UInt8] {
        var out: [UInt8] = []
        whitespace(&out)
        value(&out, depth: maxDepth)
        whitespace(&out)
        return out
    }

    mutating func value(_ out: inout [UInt8], depth: Int) {
        let choice = Int.random(in: 0..<(depth > 0 ? 8 : 5), using: &rng)
        switch choice {
        case 0: out += Array(["true", "false", "null"][Int.random(in: 0..<3, using: &rng)].utf8)
        case 1, 2: number(&out)
        case 3, 4: string(&out)
        case 5: array(&out, depth: depth)
        default: object(&out, depth: depth)
        }
    }

    mutating func whitespace(_ out: inout [UInt8]) {
        guard Int.random(in: 0..<3, using: &rng) == 0 else { return }
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            out.append([0x20, 0x09, 0x0A, 0x0D][Int.random(in: 0..<4, using: &rng)])
        }
    }

    mutating func array(_ out: inout [UInt8], depth: Int) {
        out.append(UInt8(ascii: "["))
        whitespace(&out)
        let count = Int.random(in: 0...4, using: &rng)
        for k in 0..<count {
            if k > 0 { out.append(UInt8(ascii: ",")); whitespace(&out) }
            value(&out, depth: depth - 1)
            whitespace(&out)
        }
        out.append(UInt8(ascii: "]"))
    }

    mutating func object(_ out: inout [UInt8], depth: Int) {
        out.append(UInt8(ascii: "{"))
        whitespace(&out)
        let count = Int.random(in: 0...4, using: &rng)
        var keys: [String] = []
        for k in 0..<count {
            if k > 0 { out.append(UInt8(ascii: ",")); whitespace(&out) }
            var key = "k\(Int.random(in: 0..<1000, using: &rng))"
            if !keys.isEmpty && Double.random(in: 0..<1, using: &rng) < duplicateKeyChance {
                key = keys[Int.random(in: 0..<keys.count, using: &rng)]
            } else {
                while keys.contains(key) { key += "x" }
            }
            keys.append(key)
            quoted(&out, Array(key.utf8))
            whitespace(&out)
            out.append(UInt8(ascii: ":"))
            whitespace(&out)
            value(&out, depth: depth - 1)
            whitespace(&out)
        }
        out.append(UInt8(ascii: "}"))
    }

    mutating func number(_ out: inout [UInt8]) {
        if Bool.random(using: &rng) { out.append(UInt8(ascii: "-")) }
        if Int.random(in: 0..<4, using: &rng) == 0 {
            out.append(UInt8(ascii: "0"))
        } else {
            out.append(UInt8(ascii: "1") + UInt8.random(in: 0..<9, using: &rng))
            for _ in 0..<Int.random(in: 0...8, using: &rng) { digit(&out) }
        }
        if Int.random(in: 0..<3, using: &rng) == 0 {
            out.append(UInt8(ascii: "."))
            for _ in 0..<Int.random(in: 1...6, using: &rng) { digit(&out) }
        }
        if Int.random(in: 0..<4, using: &rng) == 0 {
            out.append(Bool.random(using: &rng) ? UInt8(ascii: "e") : UInt8(ascii: "E"))
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: out.append(UInt8(ascii: "+"))
            case 1: out.append(UInt8(ascii: "-"))
            default: break
            }
            for _ in 0..<Int.random(in: 1...2, using: &rng) { digit(&out) }
        }
    }

    mutating func digit(_ out: inout [UInt8]) { out.append(UInt8(ascii: "0") + UInt8.random(in: 0..<10, using: &rng)) }

    mutating func string(_ out: inout [UInt8]) {
        var content: [UInt8] = []
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: content += Array(["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"][Int.random(in: 0..<8, using: &rng)].utf8)
            case 1: content += Array(String(format4: UInt16.random(in: 0..<0xD800, using: &rng)).utf8)
            case 2: content += Array("\\uD83D\\uDE00".utf8)
            case 3: content += Array("\u{E9}\u{4E2D}".utf8)
            case 4: content += Array("\u{1F680}".utf8)
            default:
                // Printable ASCII except the two characters that need escaping.
                var byte = UInt8.random(in: 0x20...0x7E, using: &rng)
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { byte = UInt8(ascii: "q") }
                content.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        out += content
        out.append(UInt8(ascii: "\""))
    }

    mutating func quoted(_ out: inout [UInt8], _ raw: [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out += raw
        out.append(UInt8(ascii: "\""))
    }
}

extension String {
    /// `\uXXXX` for a code unit, with random-looking but deterministic hex case.
    init(format4 value: UInt16) {
        let digits = Array("0123456789abcdef")
        var text = "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            let digit = digits[Int((value >> UInt16(shift)) & 0xF)]
            text.append(value & 1 == 0 ? digit : Character(digit.uppercased()))
        }
        self = text
    }
}
