/// What the engine works out about one claim line while scrubbing (internal).
struct LineState {
    let index: Int
    let code: String
    let info: CodeInfo?
    /// Modifiers as sent.
    let sent: [String]
    /// Discipline the line bills under (plan of care), when it can be told.
    var discipline: Discipline?
    /// Minutes that count toward units (after merging duplicate lines); 0 when excluded.
    var countedMinutes: Int = 0
    /// The line takes part in the timed-unit computation.
    var counted = false
    /// The computed units are meaningful (known code; timed with minutes and individual time, or untimed).
    var computed = false
    /// A duplicate timed line whose minutes were merged into the code's first line (units 0).
    var merged = false
    var units = 0
    /// Therapy, assistant and KX modifiers the line must carry.
    var required: [String] = []
    /// Sent modifiers that are wrong for the line.
    var unexpected: [String] = []

    init(index: Int, line: Claim.Line, info: CodeInfo?) {
        self.index = index
        self.code = line.code
        self.info = info
        self.sent = line.modifiers ?? []
    }

    var timed: Bool { info?.timed ?? false }

    /// Units as billed: the proposal when there is one, else the computed units.
    func billedUnits(_ line: Claim.Line) -> Int { line.units ?? units }

    func has(_ modifier: String) -> Bool { sent.contains(modifier) }

    /// 59 or an X{EPSU} modifier: the NCCI PTP-associated modifiers (NCCI Policy Manual ch. I §E).
    var hasDistinctServiceModifier: Bool {
        sent.contains { $0 == "59" || $0 == "XU" || $0 == "XE" || $0 == "XS" || $0 == "XP" }
    }
}
