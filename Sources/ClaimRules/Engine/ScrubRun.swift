/// One scrub in progress: the claim, the profile, per-line state and the findings so far (internal).
/// Each check family lives in its own extension file.
struct ScrubRun {
    let claim: Claim
    let rules: RuleSet
    let profile: PayerProfile
    let dos: CalendarDate
    var lines: [LineState]
    var errors: [Finding] = []
    var warnings: [Finding] = []
    var conflicts: [ScrubResult.Conflict] = []
    var totalTimedMinutes = 0

    init(claim: Claim, rules: RuleSet, profile: PayerProfile) {
        self.claim = claim
        self.rules = rules
        self.profile = profile
        self.dos = claim.dateOfService
        var ls: [LineState] = []
        ls.reserveCapacity(claim.lines.count)
        for (i, l) in claim.lines.enumerated() {
            ls.append(LineState(index: i, line: l, info: rules.codes[l.code]))
        }
        self.lines = ls
    }

    /// Records a finding with the catalog's severity and source.
    mutating func report(_ id: FindingID, lines: [Int] = [], _ message: String, fix: String) {
        let e = FindingCatalog.entry(for: id)
        let f = Finding(id: id, severity: e.severity, lines: lines, message: message, fix: fix, source: e.source)
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

    /// Every code billed today for the patient: this claim's lines (with their index) and other claims' services.
    var otherServices: [Claim.OtherService] { claim.context?.otherServicesToday ?? [] }

    mutating func run() -> ScrubResult {
        if !rules.isInForce(on: dos) {
            let window = rules.through.map { "\(rules.effective) to \($0)" } ?? "from \(rules.effective)"
            report(.rulesetNotInForce,
                   "The date of service is outside the rule set's window (\(window)); the edits in force on that date may differ.",
                   fix: "Scrub with the rule set effective on the date of service, or load it.")
        }
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
        for s in lines {
            let line = claim.lines[s.index]
            let missing = s.required.filter { !s.sent.contains($0) }
            out.append(ScrubResult.LineResult(
                index: s.index, code: s.code, timed: s.timed, minutes: line.minutes, units: s.units,
                proposedUnits: line.units, requiredModifiers: s.required, missingModifiers: missing,
                unexpectedModifiers: s.unexpected))
            if s.computed { corrected.lines[s.index].units = s.units }
            if !missing.isEmpty || !s.unexpected.isEmpty {
                var mods = s.sent.filter { !s.unexpected.contains($0) }
                mods.append(contentsOf: missing)
                corrected.lines[s.index].modifiers = mods
            }
        }
        return ScrubResult(
            claimId: claim.claimId, status: status, payer: claim.payer, unitMethod: profile.unitMethod,
            ruleset: .init(id: rules.id, effective: rules.effective, quarter: rules.quarter, digest: rules.digest),
            totalTimedMinutes: totalTimedMinutes, lines: out, conflicts: conflicts, errors: errors,
            warnings: warnings, correctedClaim: corrected)
    }
}
