/// Everything the engine needs about one code, resolved once per rule set so that a claim line costs a single
/// hash lookup (internal; plain data, no references, so copying it never touches reference counts).
struct CodeRef: Sendable, Equatable {
    /// The code is in the code table (the facts below are meaningful).
    var known = false
    var timed = false
    var family = CodeFamily.other
    /// Bit `1 << order` per allowed discipline (PT 1, OT 2, SLP 4).
    var disciplineMask: UInt8 = 0
    /// The one discipline of a discipline-specific code.
    var specificDiscipline: Discipline?
    var activityDocumentation = false
    /// Interned PTP id, or `UInt32.max` when no PTP edit mentions the code.
    var ptpId = UInt32.max
    /// MUE value, or -1 when the code has none.
    var mueValue: Int32 = -1
    var mueAdjudication = MUEAdjudication.line

    static let unknown = CodeRef()

    var isEvaluation: Bool { known && (family == .evaluation || family == .reevaluation) }
    var hasPTP: Bool { ptpId != UInt32.max }

    func allows(_ d: Discipline) -> Bool { disciplineMask & CodeRef.bit(d) != 0 }

    static func bit(_ d: Discipline) -> UInt8 {
        switch d {
        case .pt: return 1
        case .ot: return 2
        case .slp: return 4
        }
    }
}

extension RuleSet {
    /// Builds the per-code index over the code table, the PTP code ids and the MUE table.
    static func buildIndex(codes: CodeTable, ptp: PTPTable, mues: MUETable) -> [String: CodeRef] {
        var index: [String: CodeRef] = [:]
        index.reserveCapacity(codes.count + ptp.codes.count)
        for (code, info) in codes.entries {
            var r = CodeRef()
            r.known = true
            r.timed = info.timed
            r.family = info.family
            for d in info.disciplines { r.disciplineMask |= CodeRef.bit(d) }
            r.specificDiscipline = info.specificDiscipline
            r.activityDocumentation = info.activityDocumentation ?? false
            index[code] = r
        }
        for (i, code) in ptp.codes.enumerated() {
            index[code, default: CodeRef()].ptpId = UInt32(i)
        }
        for (code, mue) in mues.entries {
            var r = index[code] ?? CodeRef()
            r.mueValue = Int32(clamping: mue.value)
            r.mueAdjudication = mue.adjudication
            index[code] = r
        }
        return index
    }
}
