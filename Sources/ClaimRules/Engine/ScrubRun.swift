/// One scrub in progress: the claim, the profile, per-line state and the findings so far (internal).
/// Each check family lives in its own extension file.
///
/// Every per-date rule (units, PTP, MUE, evaluations, group and co-treatment) is judged per date of service: the
/// claim's distinct dates are `days`, each judged by the rule set in force on it.
struct ScrubRun {
    /// The claim as sent; `result()` moves it into the corrected claim (a `var` for that move only).
    var claim: Claim
    /// Every rule set that judges one of the dates; `rulesets[0]` is `rules`.
    let rulesets: OneOrMore<RuleSet>
    /// The rule set of the earliest date: code names, the payer profile and `result.ruleset` (held once, in
    /// `rulesets`: each copy of a rule set retains its shared storage).
    @inline(__always) var rules: RuleSet { rulesets.head }
    let profileBox: PayerProfileBox
    /// The payer id has a profile in the earliest date's rule set.
    let knowsPayer: Bool
    var profile: PayerProfile { profileBox.profile }
    /// The claim's distinct dates of service (the lines' first dates), ascending.
    let days: OneOrMore<Day>
    /// Every line has a date (its own or the claim's); false only on an invalid claim, judged on 1970-01-01.
    let dated: Bool
    var lines: [LineState]
    var errors: [Finding] = []
    var warnings: [Finding] = []
    var conflicts: [ScrubResult.Conflict] = []
    var totalTimedMinutes = 0

    /// One date of service of the claim and the rule set that judges it.
    struct Day {
        let date: CalendarDate
        /// `date` as `YYYYMMDD`.
        let key: Int32
        /// Index in `rulesets`.
        let rulesIndex: Int
    }

    /// Records a finding with the catalog's severity, and its source unless the rule data names a more exact one;
    /// `batchLines` names the other claims of a batch it rests on.
    mutating func report(_ id: FindingID, lines: [Int] = [], _ message: String, fix: String, source: String? = nil,
                         batchLines: [Int]? = nil) {
        let e = FindingCatalog.reportedFacts(for: id)
        // Room for a few findings at the first one: growing from empty reallocates at one, two and four. The finding
        // is built in the append (a finding bound to a name first was copied into the array, then destroyed).
        if e.severity == .error {
            if errors.capacity == 0 { errors.reserveCapacity(4) }
            errors.append(Finding(id: id, severity: e.severity, lines: lines, message: message, fix: fix,
                                  source: source ?? e.source, batchLines: batchLines))
        } else {
            if warnings.capacity == 0 { warnings.reserveCapacity(4) }
            warnings.append(Finding(id: id, severity: e.severity, lines: lines, message: message, fix: fix,
                                    source: source ?? e.source, batchLines: batchLines))
        }
    }

    /// Records a code-pair conflict with the catalog's severity and source.
    mutating func conflict(_ id: FindingID, column1: String, column2: String, lines: [Int], indicator: Int?,
                           resolved: Bool, _ message: String, fix: String, source: String? = nil) {
        let e = FindingCatalog.reportedFacts(for: id)
        conflicts.append(ScrubResult.Conflict(id: id, column1: column1, column2: column2, lines: lines,
                                              modifierIndicator: indicator, resolved: resolved, severity: e.severity,
                                              message: message, fix: fix, source: source ?? e.source))
    }

    /// `[i]`: the one line of a finding, shared for the first lines of a claim (a reference count instead of an
    /// allocation and a free per finding).
    static func single(_ i: Int) -> [Int] { i >= 0 && i < singles.count ? singles[i] : [i] }

    // Literals, not computed: the compiler lays literal arrays out as static objects, whose reference counts are never
    // written, so the findings of two threads share them without a cache line passing between the cores.
    private static let singles: [[Int]] = [
        [0], [1], [2], [3], [4], [5], [6], [7], [8], [9], [10], [11], [12], [13], [14], [15], [16], [17], [18], [19],
        [20], [21], [22], [23], [24], [25], [26], [27], [28], [29], [30], [31], [32], [33], [34], [35], [36], [37],
        [38], [39], [40], [41], [42], [43], [44], [45], [46], [47], [48], [49], [50], [51], [52], [53], [54], [55],
        [56], [57], [58], [59], [60], [61], [62], [63],
    ]

    /// Indexes of all lines, for claim-level findings.
    @inline(__always) var allLines: [Int] { lines.count < ScrubRun.prefixes.count ? ScrubRun.prefixes[lines.count] : Array(lines.indices) }

    /// `prefixes[n]` is `[0, 1, ..., n - 1]`: the lines of a claim-level finding, shared (see `single`).
    private static let prefixes: [[Int]] = [
        [], [0], [0, 1], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5, 6],
        [0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7, 8], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    ]

    /// `indexes`, or `[]` when they are every line of the claim (a claim-level finding, as on a one-date claim).
    func linesOrClaim(_ indexes: [Int]) -> [Int] { indexes.count == lines.count ? [] : indexes }

    /// Lines `i` and `j` bill the same code: their packed keys decide when both have one (ASCII, where String
    /// equality is byte equality), else the Strings are compared.
    @inline(__always) func sameCode(_ i: Int, _ j: Int) -> Bool {
        let a = lines[i].codeKey, b = lines[j].codeKey
        return a != 0 && b != 0 ? a == b : lines[i].code == lines[j].code
    }

    /// The date of service of line `i` (its first date).
    @inline(__always) func date(ofLine i: Int) -> CalendarDate { days[lines[i].day].date }

    /// The last date of line `i`'s date range, `nil` for a one-date line.
    @inline(__always) func through(ofLine i: Int) -> CalendarDate? {
        lines[i].isRange ? CalendarDate(yyyymmdd: Int(lines[i].last)) : nil
    }

    /// The rule set that judges line `i`.
    func rules(ofLine i: Int) -> RuleSet { rulesets[days[lines[i].day].rulesIndex] }

    /// Our short name of a code, for messages (finding path only).
    func name(_ code: String) -> String { rules.codes[code]?.name ?? "code" }

    /// Every code billed today for the patient: this claim's lines (with their index) and other claims' services.
    var otherServices: [Claim.OtherService] { claim.context?.otherServicesToday ?? [] }

    /// Runs every check, then gives the verdict (the run's claim becomes the corrected claim). `diagnosisCodes` are
    /// the ICD-10-CM releases diagnoses are checked against, `crossClaim` what the earlier claims of a batch say about
    /// this one: borrowed for the run, not kept in it (a copy would retain their arrays, the releases shared by every
    /// thread).
    mutating func run(diagnosisCodes: ICD10CMCatalog, crossClaim: CrossClaimFacts) -> ScrubResult {
        checkRulesetWindow()
        checkCodesAndDisciplines()
        computeUnits()
        checkModifiers()
        checkConflicts()
        checkMUEs()
        checkProvider()
        checkDocumentation(crossClaim)
        checkDiagnoses(diagnosisCodes)
        checkChargesAndPlaceOfService()
        checkIdentifiers()
        reportCrossClaimFindings(crossClaim)
        return result()
    }

    /// The verdict. The last step of a run: it moves the claim, the findings and the lines' modifier lists into
    /// the result instead of copying them (a copy retains every string and array they hold, and the run then
    /// releases its own).
    private mutating func result() -> ScrubResult {
        var status = ScrubResult.Status.clean
        // Indexes, not elements: a closure over the elements would copy each finding or conflict.
        for k in warnings.indices where warnings[k].severity != .info {
            status = .warnings
            break
        }
        var conflictError = false
        for k in conflicts.indices {
            if conflicts[k].severity == .warning && status == .clean { status = .warnings }
            if conflicts[k].severity == .error { conflictError = true }
        }
        if !errors.isEmpty || conflictError { status = .errors }

        let several = rulesets.count > 1
        let limit = max(1, profile.maxModifiersPerLine)
        // The claim as sent becomes the corrected claim: read from it below only before line `k` is changed. Swapped
        // with a shared placeholder: building an empty Claim here cost more than copying one.
        var corrected = ScrubRun.placeholder
        swap(&corrected, &claim)
        let claimDate = corrected.dateOfService
        let n = lines.count
        var out: [ScrubResult.LineResult] = []
        out.reserveCapacity(n)
        for k in 0..<n {
            let proposed = corrected.lines[k].units
            var required: [String] = [], unexpected: [String] = []
            swap(&required, &lines[k].required)
            swap(&unexpected, &lines[k].unexpected)
            // The required modifiers are tracked ones: the line's masks tell whether any is missing, and which.
            let missing = lines[k].requiredBits & ~lines[k].sentMask == 0 ? [] : required.filter { !lines[k].has($0) }
            if lines[k].computed && proposed != lines[k].units { corrected.lines[k].units = lines[k].units }
            if !missing.isEmpty || !unexpected.isEmpty || lines[k].sent.count > limit {
                var mods = lines[k].sent.filter { !unexpected.contains($0) }
                mods.append(contentsOf: missing)
                if mods.count > limit {
                    // Over the claim form's slots: the payment modifiers the engine requires come first, then the
                    // others in the order sent, up to the limit (the rest belong in item 19 with 99).
                    let others = mods.filter { !required.contains($0) }
                    mods = Array((required + others).prefix(limit))
                }
                corrected.lines[k].modifiers = mods
            }
            let day = lines[k].day
            out.append(ScrubResult.LineResult(
                index: k, code: lines[k].code, timed: lines[k].timed, minutes: corrected.lines[k].minutes,
                units: lines[k].units, proposedUnits: proposed, requiredModifiers: required,
                missingModifiers: missing, unexpectedModifiers: unexpected,
                dateOfService: dated ? days[day].date : corrected.lines[k].dateOfService ?? claimDate,
                dateOfServiceThrough: lines[k].isRange ? CalendarDate(yyyymmdd: Int(lines[k].last)) : nil,
                ruleset: several ? rulesets[days[day].rulesIndex].id : nil))
        }
        var foundErrors: [Finding] = [], foundWarnings: [Finding] = [], foundConflicts: [ScrubResult.Conflict] = []
        swap(&foundErrors, &errors)
        swap(&foundWarnings, &warnings)
        swap(&foundConflicts, &conflicts)
        let claimId = corrected.claimId, payer = corrected.payer
        return ScrubResult(
            claimId: claimId, status: status, payer: payer, unitMethod: profile.unitMethod,
            ruleset: ScrubRun.ref(rules), totalTimedMinutes: totalTimedMinutes, lines: out, conflicts: foundConflicts,
            errors: foundErrors, warnings: foundWarnings, correctedClaim: consume corrected,
            rulesets: several ? rulesets.map(ScrubRun.ref) : nil)
    }

    /// What `result()` leaves in the run in place of the claim it moves out.
    private static let placeholder = Claim(payer: "", dateOfService: nil, provider: Claim.Provider(role: .pt), lines: [])

    private static func ref(_ r: RuleSet) -> ScrubResult.RulesetRef {
        .init(id: r.id, effective: r.effective, quarter: r.quarter, digest: r.digest)
    }
}

extension ScrubRun {
    /// `rulesFor` is asked once per distinct date; a claim without any date (an invalid one) is judged on
    /// 1970-01-01, so the result stays well-formed.
    init(claim: consuming Claim, rulesFor: (CalendarDate) -> RuleSet) {
        // Declared in an extension and delegating to the memberwise initializer: an initializer that assigns the
        // properties one by one builds the run and then copies it (the claim's every string and array retained).
        // The claim is taken over, not copied: when the caller hands it over, the corrected claim in `result()`
        // changes its lines in place instead of copying them.
        // Fast path, a visit claim: every line on one date, judged by one rule set (no date lists built).
        let first = claim.lines.isEmpty ? (claim.dateOfService ?? .epoch) : (claim.lines[0].dateOfService ?? claim.dateOfService ?? .epoch)
        var oneDate = true
        var dated = true
        for i in claim.lines.indices {
            guard let d = claim.lines[i].dateOfService ?? claim.dateOfService else {
                dated = false
                if first != .epoch { oneDate = false }
                continue
            }
            if d != first { oneDate = false }
        }
        var ls: [LineState] = []
        ls.reserveCapacity(claim.lines.count)
        if oneDate {
            let r = rulesFor(first)
            for i in claim.lines.indices {
                let packed = PackedCodeIndex.pack(claim.lines[i].code)
                ls.append(LineState(index: i, code: claim.lines[i].code, codeKey: packed ?? 0, modifiers: claim.lines[i].modifiers,
                                    ref: r.ref(claim.lines[i].code, packed: packed), day: 0, first: first,
                                    through: claim.lines[i].dateOfServiceThrough))
            }
            let box = r.profileBox(claim.payer)
            self.init(claim: consume claim, rulesets: OneOrMore(r), profileBox: box ?? .fallback, knowsPayer: box != nil,
                      days: OneOrMore(Day(date: first, key: first.yyyymmdd, rulesIndex: 0)), dated: dated, lines: ls)
            return
        }
        var dates: [CalendarDate] = []
        for i in claim.lines.indices {
            let d = claim.lines[i].dateOfService ?? claim.dateOfService ?? .epoch
            if !dates.contains(d) { dates.append(d) }
        }
        dates.sort()
        var sets: [RuleSet] = []
        var days: [Day] = []
        days.reserveCapacity(dates.count)
        for d in dates {
            let r = rulesFor(d)
            let k: Int
            if let same = sets.firstIndex(where: { $0.id == r.id && $0.effective == r.effective && $0.digest == r.digest }) {
                k = same
            } else {
                sets.append(r)
                k = sets.count - 1
            }
            days.append(Day(date: d, key: d.yyyymmdd, rulesIndex: k))
        }
        for i in claim.lines.indices {
            let date = claim.lines[i].dateOfService ?? claim.dateOfService ?? .epoch
            let day = days.firstIndex { $0.date == date } ?? 0
            let packed = PackedCodeIndex.pack(claim.lines[i].code)
            ls.append(LineState(index: i, code: claim.lines[i].code, codeKey: packed ?? 0, modifiers: claim.lines[i].modifiers,
                                ref: sets[days[day].rulesIndex].ref(claim.lines[i].code, packed: packed), day: day, first: date,
                                through: claim.lines[i].dateOfServiceThrough))
        }
        let box = sets[0].profileBox(claim.payer)
        self.init(claim: consume claim, rulesets: OneOrMore(sets[0], Array(sets.dropFirst())),
                  profileBox: box ?? .fallback, knowsPayer: box != nil,
                  days: OneOrMore(days[0], Array(days.dropFirst())), dated: dated, lines: ls)
    }
}
