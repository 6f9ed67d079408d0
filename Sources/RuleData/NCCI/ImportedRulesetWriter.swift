
/// Serializes an `ImportedRuleset` into the version-1 file layout (`ImportedRulesetFormat`) and
/// writes it so that nothing half-written is ever visible at the destination.
enum ImportedRulesetWriter {
    /// The payload bytes (everything after the header) for `ruleset`; its SHA-256 is the digest.
    static func payload(_ r: ImportedRuleset) -> [UInt8] {
        var w = ByteWriter()
        w.section("META") { w in
            w.u32(UInt32(r.quarter.year)); w.u32(UInt32(r.quarter.quarter))
            w.i32(r.quarter.effectiveYYYYMMDD); w.i32(r.quarter.throughYYYYMMDD)
        }
        w.section("CODE") { w in
            w.u64(UInt64(r.codes.count))
            for code in r.codes {
                var bytes = Array(code.utf8.prefix(8))
                while bytes.count < 8 { bytes.append(0) }
                w.bytes.append(contentsOf: bytes)
            }
        }
        w.section("PTPS") { $0.strings(r.ptpRationales) }
        w.section("SRCS") { $0.strings(r.sources) }
        w.section("MUES") { $0.strings(r.mueRationales) }
        w.section("PTPR") { w in
            w.u64(UInt64(r.ptpRows.count))
            let base = w.bytes.count
            w.bytes.append(contentsOf: repeatElement(0, count: r.ptpRows.count * ImportedRulesetFormat.ptpRowSize))
            w.bytes.withUnsafeMutableBytes { raw in
                var o = base
                for row in r.ptpRows {
                    raw.storeBytes(of: row.column1.littleEndian, toByteOffset: o, as: UInt32.self)
                    raw.storeBytes(of: row.column2.littleEndian, toByteOffset: o + 4, as: UInt32.self)
                    raw.storeBytes(of: row.effective.littleEndian, toByteOffset: o + 8, as: Int32.self)
                    raw.storeBytes(of: row.deletion.littleEndian, toByteOffset: o + 12, as: Int32.self)
                    raw.storeBytes(of: row.rationale.littleEndian, toByteOffset: o + 16, as: UInt16.self)
                    raw.storeBytes(of: row.source.littleEndian, toByteOffset: o + 18, as: UInt16.self)
                    raw.storeBytes(of: row.indicator, toByteOffset: o + 20, as: UInt8.self)
                    o += ImportedRulesetFormat.ptpRowSize
                }
            }
        }
        w.section("MUER") { w in
            w.u64(UInt64(r.mueRows.count))
            for row in r.mueRows {
                w.u32(row.code); w.u32(row.value); w.u16(row.rationale); w.u16(row.source); w.u8(row.adjudication)
                w.u8(0); w.u8(0); w.u8(0)
            }
        }
        return w.bytes
    }

    /// Header + payload, and the payload digest (hex).
    static func encode(_ r: ImportedRuleset) -> (file: [UInt8], digest: String) {
        let body = payload(r)
        var hasher = SHA256()
        hasher.update(body)
        let digest = hasher.finalize()
        var w = ByteWriter()
        w.bytes.append(contentsOf: ImportedRulesetFormat.magic)
        w.u32(ImportedRulesetFormat.version)
        w.u32(UInt32(ImportedRulesetFormat.headerSize))
        w.u64(UInt64(body.count))
        w.bytes.append(contentsOf: digest)
        w.u64(0)
        w.bytes.append(contentsOf: body)
        return (w.bytes, SHA256.hex(digest))
    }
}
