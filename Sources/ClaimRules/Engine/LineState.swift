/// What the engine works out about one claim line while scrubbing (internal).
struct LineState {
    let index: Int
    let code: String
    /// The code's resolved facts (`known` false for codes outside the code table).
    let ref: CodeRef
    /// Modifiers as sent.
    let sent: [String]
    /// Discipline the line bills under (plan of care), when it can be told.
    var discipline: Discipline?
    /// Minutes that count toward units (after merging duplicate lines); 0 when excluded.
    var countedMinutes = 0
    /// The line takes part in the timed-unit computation.
    var counted = false
    /// The computed units are meaningful (known code; timed with minutes and individual time, or untimed).
    var computed = false
    /// A duplicate timed line whose minutes were merged into the code's first line (units 0).
    var merged = false
    /// Scratch flag of the unit allocation: the line got one of the remaining units.
    var extra = false
    var units = 0
    /// Therapy, assistant and KX modifiers the line must carry.
    var required: [String] = []
    /// Sent modifiers that are wrong for the line.
    var unexpected: [String] = []

    init(index: Int, line: Claim.Line, ref: CodeRef) {
        self.index = index
        self.code = line.code
        self.ref = ref
        self.sent = line.modifiers ?? []
    }

    var known: Bool { ref.known }
    var timed: Bool { ref.known && ref.timed }

    /// Units as billed: the proposal when there is one, else the computed units.
    /// Clamped like minutes, so sums over lines cannot overflow on invalid input.
    func billedUnits(_ line: Claim.Line) -> Int { min(max(line.units ?? units, 0), UnitMath.minuteCap) }

    func has(_ modifier: String) -> Bool { sent.contains(modifier) }

    /// 59 or an X{EPSU} modifier: the NCCI PTP-associated modifiers (NCCI Policy Manual ch. I §E).
    var hasDistinctServiceModifier: Bool { LineState.hasDistinctServiceModifier(sent) }

    static func hasDistinctServiceModifier(_ mods: [String]) -> Bool {
        mods.contains { $0 == "59" || $0 == "XU" || $0 == "XE" || $0 == "XS" || $0 == "XP" }
    }
}
