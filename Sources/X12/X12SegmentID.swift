/// A segment identifier (two or three uppercase letters or digits, e.g. `CLM`, `N3`), packed into an
/// integer so the reader compares identifiers without building strings.
public struct X12SegmentID: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Up to three ASCII bytes, first byte in the lowest bits; 0 for no identifier.
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Packs up to the first three bytes of `bytes` (callers check the shape with `isValid`).
    init(bytes: UnsafeBufferPointer<UInt8>) {
        var v: UInt32 = 0
        for (i, b) in bytes.prefix(3).enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
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

    static let isa: X12SegmentID = "ISA", iea: X12SegmentID = "IEA", gs: X12SegmentID = "GS", ge: X12SegmentID = "GE"
    static let st: X12SegmentID = "ST", se: X12SegmentID = "SE", hl: X12SegmentID = "HL", lx: X12SegmentID = "LX"
    static let clm: X12SegmentID = "CLM", sv1: X12SegmentID = "SV1", dtp: X12SegmentID = "DTP", hi: X12SegmentID = "HI"
    static let nm1: X12SegmentID = "NM1", prv: X12SegmentID = "PRV", ref: X12SegmentID = "REF", sbr: X12SegmentID = "SBR"
    static let nte: X12SegmentID = "NTE", ta1: X12SegmentID = "TA1"
}
