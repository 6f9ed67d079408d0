/// One scrub in progress: the claim, the profile, per-line state and the findings so far (internal).
/// Each check family lives in its own extension file.
struct ScrubRun {
    let claim: Claim
    let rules: RuleSet
    let profileBox: PayerProfileBox
    var profile: PayerProfile { profileBox.profile }
    let dos: CalendarDate
    var lines: [LineState]
    var errors: [Finding] = []
    var warnings: [Finding] = []
    var conflicts: [ScrubResult.Conflict] = []
    var totalTimedMinutes = 0

    init(claim: Claim, rules: RuleSet, profileBox: PayerProfileBox) {
        self.claim = claim
        self.rules = rules
        self.profileBox = profileBox
        self.dos = claim.earliestDateOfService ?? .epoch
        var ls: [LineState] = []
        ls.reserveCapacity(claim.lines.count)
        for (i, l) in claim.lines.enumerated() {
            ls.append(LineState(index: i, line: l, ref: rules.ref(l.code)))
        }
        self.lines = ls
    }

    /// Records a finding with the catalog's severity, and its source unless the rule data names a more exact one.
    mutating func report(_ id: FindingID, lines: [Int] = [], _ message: String, fix: String, source: String? = nil) {
        let e = FindingCatalog.entry(for: id)
        let f = Finding(id: id, severity: e.severity, lines: lines, message: message, fix: fix, source: source ?? e.source)
        if e.severity == .error { errors.append(f) } else { warnings.append(f) }
    }

    /// Records a code-pair conflict with the catalog's severity and source.
    mutating func conflict(_ id: FindingID, column1: String, column2: String, lines: [Int], indicator: Int?,
                           resolved: Bool, _ message: String, fix: String, source: String? = nil) {
        let e = FindingCatalog.entry(for: id)
        conflicts.append(ScrubResult.Conflict(id: id, column1: column1, column2: column2, lines: lines,
                                              modifierIndicator: indicator, resolved: resolved, severity: e.severity,
                                              message: message, fix: fix, source: source ?? e.source))
    }

    /// Indexes of all lines, for claim-level findings.
    var allLines: [Int] { Array(lines.indices) }

    /// Our short name of a code, for messages (finding path only).
    func name(_ code: String) -> String { rules.codes[code]?.name ?? "code" }

    /// Every code billed today for the patient: this claim's lines (with their index) and other claims' services.
    var otherServices: [Claim.OtherService] { claim.context?.otherServicesToday ?? [] }

    mutating func run() -> ScrubResult {
        checkRulesetWindow()
        checkCodesAndDisciplines()
        computeUnits()
        checkModifiers()
        checkConflicts()
        checkMUEs()
        checkProvider()
        checkDocumentation()
        return result()
    }

    private func result() -> ScrubResult {
        var status = ScrubResult.Status.clean
        if !warnings.isEmpty && warnings.contains(where: { $0.severity != .info }) { status = .warnings }
        if conflicts.contains(where: { $0.severity == .warning }) && status == .clean { status = .warnings }
        if !errors.isEmpty || conflicts.contains(where: { $0.severity == .error }) { status = .errors }

        var out: [ScrubResult.LineResult] = []
        out.reserveCapacity(lines.count)
        var corrected = claim
        for k in lines.indices {
            let proposed = claim.lines[k].units
            let missing = lines[k].required.filter { !lines[k].sent.contains($0) }
            out.append(ScrubResult.LineResult(
                index: k, code: lines[k].code, timed: lines[k].timed, minutes: claim.lines[k].minutes,
                units: lines[k].units, proposedUnits: proposed, requiredModifiers: lines[k].required,
                missingModifiers: missing, unexpectedModifiers: lines[k].unexpected))
            if lines[k].computed && proposed != lines[k].units { corrected.lines[k].units = lines[k].units }
            let limit = max(1, profile.maxModifiersPerLine)
            if !missing.isEmpty || !lines[k].unexpected.isEmpty || lines[k].sent.count > limit {
                var mods = lines[k].sent.filter { !lines[k].unexpected.contains($0) }
                mods.append(contentsOf: missing)
                if mods.count > limit {
                    // Over the claim form's slots: the payment modifiers the engine requires come first, then the
                    // others in the order sent, up to the limit (the rest belong in item 19 with 99).
                    let others = mods.filter { !lines[k].required.contains($0) }
                    mods = Array((lines[k].required + others).prefix(limit))
                }
                corrected.lines[k].modifiers = mods
            }
        }
        return ScrubResult(
            claimId: claim.claimId, status: status, payer: claim.payer, unitMethod: profile.unitMethod,
            ruleset: .init(id: rules.id, effective: rules.effective, quarter: rules.quarter, digest: rules.digest),
            totalTimedMinutes: totalTimedMinutes, lines: out, conflicts: conflicts, errors: errors,
            warnings: warnings, correctedClaim: corrected)
    }
}
