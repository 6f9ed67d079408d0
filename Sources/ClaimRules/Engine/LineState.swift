/// What the engine works out about one claim line while scrubbing (internal).
struct LineState {
    let index: Int
    let code: String
    /// `code`'s bytes packed into one integer (`PackedCodeIndex.pack`), 0 when it has no packed form: two lines with
    /// packed codes bill the same code exactly when their keys are equal (see `ScrubRun.sameCode`).
    let codeKey: UInt64
    /// The code's resolved facts (`known` false for codes outside the code table).
    let ref: CodeRef
    /// Modifiers as sent.
    let sent: [String]
    /// `ModifierKey` bits of the tracked modifiers in `sent`.
    let sentMask: UInt16
    /// How many of `sent` are therapy modifiers (GP/GO/GN, repeats counted), and the disciplines of the first and
    /// the last of them.
    let therapyCount: Int
    let firstTherapy: Discipline?, lastTherapy: Discipline?
    /// Index in `ScrubRun.days` of the line's date of service (the first date of a range).
    let day: Int
    /// First and last date the line covers, as `YYYYMMDD` (equal unless the line carries a date range).
    let first: Int32, last: Int32
    /// Calendar days the line covers (1 unless it carries a date range).
    let rangeDays: Int
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
    /// A timed line without minutes: its proposed units are taken as they are (the 8-minute rule cannot be verified).
    var unverified = false
    /// Scratch flag of the unit allocation: the line got one of the remaining units.
    var extra = false
    var units = 0
    /// Therapy, assistant and KX modifiers the line must carry.
    var required: [String] = []
    /// The `ModifierKey` bits of `required`.
    var requiredBits: UInt16 = 0
    /// Sent modifiers that are wrong for the line.
    var unexpected: [String] = []

    var known: Bool { ref.known }
    /// The line carries a date range (several days).
    var isRange: Bool { last != first }
    /// The line's date or date range includes the date `key` (`YYYYMMDD`).
    func covers(_ key: Int32) -> Bool { first <= key && key <= last }
    var timed: Bool { ref.known && ref.timed }

    /// Units as billed: the proposal when there is one, else the computed units.
    /// Clamped like minutes, so sums over lines cannot overflow on invalid input.
    func billedUnits(_ line: Claim.Line) -> Int { min(max(line.units ?? units, 0), UnitMath.minuteCap) }

    /// Whether the line carries the tracked modifier with this `ModifierKey` key.
    @inline(__always) func has(key: UInt16) -> Bool { sentMask & ModifierKey.bit(key) != 0 }

    @inline(__always) func has(_ modifier: String) -> Bool {
        if let k = ModifierKey.ascii(modifier) {
            let bit = ModifierKey.bit(k)
            if bit != 0 { return sentMask & bit != 0 }
        }
        return sent.contains(modifier)
    }

    /// 59 or an X{EPSU} modifier: the NCCI PTP-associated modifiers (NCCI Policy Manual ch. I §E).
    var hasDistinctServiceModifier: Bool { sentMask & ModifierKey.distinctServiceBits != 0 }

    static func hasDistinctServiceModifier(_ mods: [String]) -> Bool {
        ModifierKey.mask(mods) & ModifierKey.distinctServiceBits != 0
    }
}

extension LineState {
    /// `through` is the line's `dateOfServiceThrough` as sent: one on or before `first` makes a one-date line.
    ///
    /// Declared in an extension and delegating to the memberwise initializer: an initializer that assigns the
    /// properties one by one builds the value and then copies it (its strings and arrays retained and released).
    init(index: Int, code: String, codeKey: UInt64, modifiers: [String]?, ref: CodeRef, day: Int, first: CalendarDate,
         through: CalendarDate?) {
        let sent = modifiers ?? []
        // One pass over the modifiers: the mask and the therapy modifiers from one key each.
        var sentMask: UInt16 = 0
        var count = 0
        var firstTherapy: Discipline?, lastTherapy: Discipline?
        for m in sent {
            let d: Discipline?
            if let k = ModifierKey.ascii(m) {
                sentMask |= ModifierKey.bit(k)
                d = k == ModifierKey.gp ? .pt : k == ModifierKey.go ? .ot : k == ModifierKey.gn ? .slp : nil
            } else {
                sentMask |= ModifierKey.mask(of: m)
                d = Discipline(therapyModifier: m)
            }
            guard let d else { continue }
            count += 1
            if firstTherapy == nil { firstTherapy = d }
            lastTherapy = d
        }
        let firstKey = first.yyyymmdd
        let last: Int32, rangeDays: Int
        if let through, first < through {
            last = through.yyyymmdd
            // Clamped: an unvalidated claim may carry any range, and only the count is used.
            rangeDays = min(first.days(to: through) + 1, 366)
        } else {
            last = firstKey
            rangeDays = 1
        }
        self.init(index: index, code: code, codeKey: codeKey, ref: ref, sent: sent, sentMask: sentMask, therapyCount: count,
                  firstTherapy: firstTherapy, lastTherapy: lastTherapy, day: day, first: firstKey, last: last,
                  rangeDays: rangeDays)
    }
}
