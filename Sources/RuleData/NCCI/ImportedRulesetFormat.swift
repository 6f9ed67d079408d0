import ClaimRules

/// Layout of `ruleset.ncci`, version 1 (all integers little-endian):
///
/// ```
/// header (64 bytes)
///   0  magic "CSNCCIRS"
///   8  format version (UInt32) = 1
///  12  header size (UInt32) = 64
///  16  payload length (UInt64)
///  24  SHA-256 of the payload (32 bytes)
///  56  reserved (UInt64) = 0
/// payload: sections in this fixed order, each `tag (4 ASCII) | reserved UInt32 | length UInt64 | data`,
/// data padded with zeros to a multiple of 8
///   META  quarter year UInt32, quarter UInt32, effective Int32, through Int32 (YYYYMMDD)
///   CODE  count UInt64, then count × 8 bytes (ASCII code, zero padded), strictly ascending
///   PTPS  string table: PTP rationales
///   SRCS  string table: sources (input file names)
///   MUES  string table: MUE rationales
///   PTPR  count UInt64, then count × 24-byte rows: column1 UInt32, column2 UInt32, effective Int32,
///         deletion Int32 (Int32.max = none), rationale UInt16, source UInt16, indicator UInt8, 3 zero bytes
///   MUER  count UInt64, then count × 16-byte rows: code UInt32, value UInt32, rationale UInt16,
///         source UInt16, adjudication UInt8, 3 zero bytes
/// string table: count UInt64, (count + 1) × UInt32 end offsets starting with 0, UTF-8 bytes
/// ```
/// The PTP row is `PTPTable.Row`'s in-memory layout on little-endian hosts, so loading reads the
/// rows straight into the array's storage (checked at run time; otherwise decoded field by field).
enum ImportedRulesetFormat {
    static let magic: [UInt8] = Array("CSNCCIRS".utf8)
    static let version: UInt32 = 1
    static let headerSize = 64
    static let ptpRowSize = 24
    static let mueRowSize = 16
    static let fileName = "ruleset.ncci"
    static let sectionTags = ["META", "CODE", "PTPS", "SRCS", "MUES", "PTPR", "MUER"]

    /// True when `PTPTable.Row` is laid out in memory exactly like the file's 24-byte rows.
    static var rowLayoutMatches: Bool {
        #if _endian(little)
        typealias Row = PTPTable.Row
        return MemoryLayout<Row>.stride == ptpRowSize
            && MemoryLayout<Row>.offset(of: \Row.column1) == 0
            && MemoryLayout<Row>.offset(of: \Row.column2) == 4
            && MemoryLayout<Row>.offset(of: \Row.effective) == 8
            && MemoryLayout<Row>.offset(of: \Row.deletion) == 12
            && MemoryLayout<Row>.offset(of: \Row.rationale) == 16
            && MemoryLayout<Row>.offset(of: \Row.source) == 18
            && MemoryLayout<Row>.offset(of: \Row.indicator) == 20
        #else
        return false
        #endif
    }
}
