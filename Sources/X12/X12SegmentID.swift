/// A segment identifier (two or three uppercase letters or digits, e.g. `CLM`, `N3`), packed into an
/// integer so the reader compares identifiers without building strings.
public struct X12SegmentID: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Up to three ASCII bytes, first byte in the lowest bits; 0 for no identifier.
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Packs up to the first three bytes of `bytes` (callers check the shape with `isValid`).
    init(bytes: UnsafeBufferPointer<UInt8>) {
        var v: UInt32 = 0
        var i = 0
        let n = min(bytes.count, 3)
        while i < n {
            v |= UInt32(bytes[i]) << (8 * UInt32(i))
            i += 1
        }
        rawValue = v
    }

    public init(_ text: String) {
        var v: UInt32 = 0
        for (i, b) in text.utf8.prefix(3).enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        rawValue = v
    }

    public init(stringLiteral value: StaticString) {
        var v: UInt32 = 0
        value.withUTF8Buffer { buffer in
            for (i, b) in buffer.prefix(3).enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        }
        rawValue = v
    }

    public var description: String {
        var bytes: [UInt8] = []
        var v = rawValue
        while v != 0 {
            bytes.append(UInt8(v & 0xFF))
            v >>= 8
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // Identifiers the reader compares against, as constants (no lazy initialisation on the hot path).
    static var isa: X12SegmentID { X12SegmentID(rawValue: 0x415349) } // ISA
    static var iea: X12SegmentID { X12SegmentID(rawValue: 0x414549) } // IEA
    static var gs: X12SegmentID { X12SegmentID(rawValue: 0x5347) } // GS
    static var ge: X12SegmentID { X12SegmentID(rawValue: 0x4547) } // GE
    static var st: X12SegmentID { X12SegmentID(rawValue: 0x5453) } // ST
    static var se: X12SegmentID { X12SegmentID(rawValue: 0x4553) } // SE
    static var hl: X12SegmentID { X12SegmentID(rawValue: 0x4C48) } // HL
    static var lx: X12SegmentID { X12SegmentID(rawValue: 0x584C) } // LX
    static var clm: X12SegmentID { X12SegmentID(rawValue: 0x4D4C43) } // CLM
    static var sv1: X12SegmentID { X12SegmentID(rawValue: 0x315653) } // SV1
    static var dtp: X12SegmentID { X12SegmentID(rawValue: 0x505444) } // DTP
    static var hi: X12SegmentID { X12SegmentID(rawValue: 0x4948) } // HI
    static var nm1: X12SegmentID { X12SegmentID(rawValue: 0x314D4E) } // NM1
    static var prv: X12SegmentID { X12SegmentID(rawValue: 0x565250) } // PRV
    static var ref: X12SegmentID { X12SegmentID(rawValue: 0x464552) } // REF
    static var sbr: X12SegmentID { X12SegmentID(rawValue: 0x524253) } // SBR
    static var nte: X12SegmentID { X12SegmentID(rawValue: 0x45544E) } // NTE
    static var ta1: X12SegmentID { X12SegmentID(rawValue: 0x314154) } // TA1
}
