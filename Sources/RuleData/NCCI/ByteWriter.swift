/// Little-endian byte building for the ruleset file.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes.append(UInt8(truncatingIfNeeded: v)); bytes.append(UInt8(truncatingIfNeeded: v >> 8)) }
    mutating func u32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func u64(_ v: UInt64) { for s in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }

    mutating func pad8() { while bytes.count % 8 != 0 { bytes.append(0) } }

    mutating func strings(_ list: [String]) {
        u64(UInt64(list.count))
        var end: UInt32 = 0
        u32(0)
        for s in list {
            end &+= UInt32(truncatingIfNeeded: s.utf8.count)
            u32(end)
        }
        for s in list { bytes.append(contentsOf: s.utf8) }
    }

    mutating func section(_ tag: String, _ body: (inout ByteWriter) -> Void) {
        bytes.append(contentsOf: Array(tag.utf8.prefix(4)))
        u32(0)
        let lengthAt = bytes.count
        u64(0)
        let start = bytes.count
        body(&self)
        pad8()
        let length = UInt64(bytes.count - start)
        for k in 0..<8 { bytes[lengthAt + k] = UInt8(truncatingIfNeeded: length >> UInt64(k * 8)) }
    }
}
