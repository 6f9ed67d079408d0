/// Code-pair conflicts: NCCI PTP edits by date of service, group with one-on-one, the January 2020 evaluation
/// edit, evaluations per discipline, co-treatment across claims. Each is judged per date of service with the rule
/// set in force on it; a line with a date range takes part on every date of its range.
extension ScrubRun {
    /// Writes the services billed for the patient on `days[d]` into `buffer` and returns their count: the lines that
    /// cover the date and the other claims' services of that date (`otherDays[k]` is the day index of `others[k]`,
    /// `nil` when it is none of this claim's dates). Codes are resolved in the date's rule set.
    private func dayServices(_ d: Int, others: [Claim.OtherService], otherDays: [Int?],
                             into buffer: UnsafeMutableBufferPointer<DayService>) -> Int {
        var n = 0
        let key = days[d].key, k = days[d].rulesIndex
        for i in lines.indices where lines[i].covers(key) && n < buffer.count {
            let ref = days[lines[i].day].rulesIndex == k ? lines[i].ref : rulesets[k].ref(lines[i].code)
            buffer.initializeElement(at: n, to: DayService(
                line: i, other: 0, ref: ref, discipline: lines[i].discipline, codeKey: lines[i].codeKey,
                hasDistinctServiceModifier: lines[i].hasDistinctServiceModifier))
            n += 1
        }
        for j in others.indices where otherDays[j] == d && n < buffer.count {
            let code = others[j].code
            let packed = PackedCodeIndex.pack(code)
            let ref = rulesets[k].ref(code, packed: packed)
            buffer.initializeElement(at: n, to: DayService(
                line: nil, other: j, ref: ref, discipline: ref.specificDiscipline ?? others[j].role.discipline,
                codeKey: packed ?? 0,
                hasDistinctServiceModifier: LineState.hasDistinctServiceModifier(others[j].modifiers ?? [])))
            n += 1
        }
        return n
    }

    /// The code of a service of the day.
    func code(of s: DayService) -> String {
        if let i = s.line { return lines[i].code }
        return otherServices[s.other].code
    }

    /// Who furnished a service of the day, when the claim says.
    func clinicianId(of s: DayService) -> String? {
        if let i = s.line { return claim.lines[i].clinicianId }
        return otherServices[s.other].clinicianId
    }

    /// Two services of the day bill the same code (see `sameCode(_:_:)` for lines).
    func sameCode(_ a: DayService, _ b: DayService) -> Bool {
        a.codeKey != 0 && b.codeKey != 0 ? a.codeKey == b.codeKey : code(of: a) == code(of: b)
    }

    mutating func checkConflicts() {
        let others = otherServices
        var otherDays: [Int?] = []
        otherDays.reserveCapacity(others.count)
        for o in others {
            let date = claim.dateOfService(of: o)
            otherDays.append(days.count == 1 && (date == nil || date == days[0].date) ? 0 : days.firstIndex { $0.date == date })
        }
        // The day's services in a temporary buffer (on the stack for a claim's few lines), refilled per date.
        withUnsafeTemporaryAllocation(of: DayService.self, capacity: lines.count + others.count) { buffer in
            for d in days.indices {
                let n = dayServices(d, others: others, otherDays: otherDays, into: buffer)
                checkConflicts(on: d, UnsafeBufferPointer(rebasing: buffer[..<n]))
                // Plain data: nothing to release.
                _ = buffer.baseAddress?.deinitialize(count: n)
            }
        }
    }

    private mutating func checkConflicts(on d: Int, _ services: UnsafeBufferPointer<DayService>) {
        var pairs: [(String, String)] = []
        var anyGroup = false, anyEvaluation = false, anyOther = false
        for k in services.indices {
            let ref = services[k].ref
            anyGroup = anyGroup || (ref.known && ref.family == .group)
            anyEvaluation = anyEvaluation || ref.isEvaluation
            anyOther = anyOther || services[k].line == nil
        }
        // One fact, one finding. The CMS practitioner PTP table edits group therapy with most one-on-one codes
        // (e.g. 97150/97530, indicator 1) and the evaluations of one discipline with each other (e.g. 97162/97161,
        // indicator 0). Those edits are checked first; where one covers a pair, its finding (CMS column order,
        // indicator and table version) stands, and the policy checks below, which say the same thing in their own
        // words, report only the pairs no edit in force covers: group with one-on-one time (Carriers Manual
        // Transmittal 1753; NCCI Policy Manual ch. XI §P.2), one evaluation per discipline (ch. XI §P.1).
        checkPTP(services, on: d, reported: &pairs)
        if anyGroup { checkGroupWithOneOnOne(services, reported: &pairs) }
        if anyEvaluation {
            checkEvaluationSameDay(services, on: d, reported: &pairs)
            checkEvaluationsPerDiscipline(services, reported: pairs)
        }
        if anyOther { checkCoTreatmentAcrossClaims(services, on: d) }
    }

    private static func seen(_ pairs: [(String, String)], _ a: String, _ b: String) -> Bool {
        pairs.contains { ($0.0 == a && $0.1 == b) || ($0.0 == b && $0.1 == a) }
    }

    /// NCCI PTP edits (NCCI Policy Manual ch. I §D-E): the edit in force on the date of service; indicator 0
    /// never payable together, 1 payable with 59/X{EPSU} on the column 2 code, 9 never applies.
    private mutating func checkPTP(_ services: UnsafeBufferPointer<DayService>, on d: Int, reported: inout [(String, String)]) {
        let k = days[d].rulesIndex
        // The table read in place (a copy of it, or of the rule set, would retain the shared tables per claim).
        guard (k == 0 ? rulesets.head.ptpCount : rulesets.tail[k - 1].ptpCount) > 0 else { return }
        let date = days[d].key
        for x in services.indices where services[x].ref.hasPTP {
            for y in services.indices where services[y].ref.hasPTP && x != y {
                guard services[x].line != nil || services[y].line != nil else { continue }
                let c1 = services[x].ref.ptpId, c2 = services[y].ref.ptpId
                guard let row = k == 0 ? rulesets.head.ptpEdit(column1: c1, column2: c2, on: date)
                          : rulesets.tail[k - 1].ptpEdit(column1: c1, column2: c2, on: date),
                      !sameCode(services[x], services[y]) else { continue }
                let a = code(of: services[x]), b = code(of: services[y])
                guard !ScrubRun.seen(reported, a, b) else { continue }
                reported.append((a, b))
                reportPTP(row, ptp: rulesets[k].ptp, column1: services[x], column2: services[y])
            }
        }
    }

    private mutating func reportPTP(_ row: PTPTable.Row, ptp: PTPTable, column1 a: DayService, column2 b: DayService) {
        let rationale = ptp.rationaleText(row)
        let rowSource = ptp.sourceText(row)
        let source = rowSource.isEmpty ? FindingCatalog.entry(for: .ptpNotPayable).source : rowSource
        let lines = a.linesList + b.linesList
        let c1 = code(of: a), c2 = code(of: b)
        let why = rationale.isEmpty ? "" : " (" + rationale + ")"
        let j: (String...) -> String = MessageText.join
        // What the modifier must show depends on the pair. NCCI Policy Manual ch. XI §P.2: an edit pairing a timed
        // therapy code with another timed or untimed code may be bypassed with 59 or XU when the two were performed
        // in different timed intervals. For other pairs, 59 and X{EPSU} say the service was distinct (ch. I §E: a
        // separate encounter XE, structure XS or practitioner XP, or an unusual non-overlapping service XU; 59 only
        // when none of those fits).
        let timedPair = a.timed || b.timed
        if row.indicator == 0 {
            conflict(.ptpNotPayable, column1: c1, column2: c2, lines: lines, indicator: 0, resolved: false,
                     j(c1, a.whereText, " and ", c2, b.whereText, " form an NCCI procedure-to-procedure edit", why,
                       " in force on the date of service; the column 2 code ", c2, " is not payable with ", c1,
                       " and no modifier can bypass it."),
                     fix: j("Bill only ", c1, " for this date, or correct the codes if ", c2, " was not furnished."),
                     source: source)
        } else if b.hasDistinctServiceModifier && timedPair {
            conflict(.separateIntervalsDocumentation, column1: c1, column2: c2, lines: lines, indicator: 1, resolved: true,
                     j(c1, a.whereText, " and ", c2, b.whereText, " form an NCCI procedure-to-procedure edit", why,
                       " in force on the date of service; the modifier on ", c2,
                       " bypasses it only if the two services were furnished in separate 15-minute intervals."),
                     fix: j("Make sure the note documents the separate time intervals of ", c1, " and ", c2,
                            "; otherwise remove ", c2, "."),
                     source: source)
        } else if b.hasDistinctServiceModifier {
            conflict(.separateIntervalsDocumentation, column1: c1, column2: c2, lines: lines, indicator: 1, resolved: true,
                     j(c1, a.whereText, " and ", c2, b.whereText, " form an NCCI procedure-to-procedure edit", why,
                       " in force on the date of service; the modifier on ", c2, " bypasses it only if ", c2,
                       " was a distinct service: a separate session or encounter, a different site or structure, or a different practitioner."),
                     fix: j("Make sure the note documents what made ", c2, " distinct from ", c1, "; otherwise remove ", c2, "."),
                     source: source)
        } else if timedPair {
            conflict(.ptpModifierRequired, column1: c1, column2: c2, lines: lines, indicator: 1, resolved: false,
                     j(c1, a.whereText, " and ", c2, b.whereText, " form an NCCI procedure-to-procedure edit", why,
                       " in force on the date of service; the column 2 code ", c2,
                       " is denied unless it carries 59 or XU for a separate time interval."),
                     fix: j("If ", c2, " was furnished in a separate 15-minute interval, add 59 or XU to it and document the intervals; otherwise do not bill ", c2, "."),
                     source: source)
        } else {
            conflict(.ptpModifierRequired, column1: c1, column2: c2, lines: lines, indicator: 1, resolved: false,
                     j(c1, a.whereText, " and ", c2, b.whereText, " form an NCCI procedure-to-procedure edit", why,
                       " in force on the date of service; the column 2 code ", c2,
                       " is denied unless a modifier shows it was a distinct service: a separate session or encounter, a different site or structure, or a different practitioner."),
                     fix: j("If ", c2, " was a distinct service, add the modifier that says how (XE, XS, XP or XU; 59 only when none fits) and document it; otherwise do not bill ", c2, "."),
                     source: source)
        }
    }

    /// Group therapy and one-on-one time in the same session conflict (Transmittal 1753; NCCI ch. XI §P.2).
    private mutating func checkGroupWithOneOnOne(_ services: UnsafeBufferPointer<DayService>, reported: inout [(String, String)]) {
        for g in services where g.ref.known && g.ref.family == .group {
            for t in services where t.timed && (g.line != nil || t.line != nil) {
                if let l = t.line, claim.lines[l].setting.map({ $0 != .individual }) ?? false { continue }
                let gCode = code(of: g), tCode = code(of: t)
                guard !ScrubRun.seen(reported, gCode, tCode) else { continue }
                reported.append((gCode, tCode))
                let lines = g.linesList + t.linesList
                if t.hasDistinctServiceModifier {
                    conflict(.separateIntervalsDocumentation, column1: gCode, column2: tCode, lines: lines, indicator: nil,
                             resolved: true,
                             "Group therapy \(gCode)\(g.whereText) and one-on-one \(tCode)\(t.whereText) are billed for the same date; the modifier on \(tCode) says they were furnished at different times.",
                             fix: "Make sure the note documents separate time intervals for the group session and \(tCode).",
                             source: FindingCatalog.entry(for: .groupWithOneOnOne).source)
                } else {
                    conflict(.groupWithOneOnOne, column1: gCode, column2: tCode, lines: lines, indicator: nil,
                             resolved: false,
                             "Group therapy \(gCode)\(g.whereText) and one-on-one \(tCode)\(t.whereText) are billed for the same date; one-on-one time cannot be billed for a group session.",
                             fix: "If \(tCode) was furnished one-on-one at a different time, add 59 or XU to it and document the intervals; if it was part of the group session, bill only the group code.")
                }
            }
        }
    }

    /// The January 2020 edit: 97530/97150 with a PT or OT evaluation on the same date pays only the evaluation
    /// (payer-profile policy with an effective window; CMS reversed it 2020-01-24).
    private mutating func checkEvaluationSameDay(_ services: UnsafeBufferPointer<DayService>, on d: Int, reported: inout [(String, String)]) {
        guard let policy = profile.evaluationSameDayPolicy, policy.applies(on: days[d].date) else { return }
        let interventions = policy.codes ?? EvaluationSameDayPolicy.defaultCodes
        let evaluations = policy.evaluationCodes ?? EvaluationSameDayPolicy.defaultEvaluationCodes
        for e in services where evaluations.contains(code(of: e)) {
            for x in services where interventions.contains(code(of: x)) && (e.line != nil || x.line != nil) {
                let eCode = code(of: e), xCode = code(of: x)
                guard !ScrubRun.seen(reported, eCode, xCode) else { continue }
                reported.append((eCode, xCode))
                conflict(.evaluationSameDay, column1: eCode, column2: xCode, lines: e.linesList + x.linesList,
                         indicator: 0, resolved: false,
                         "\(xCode)\(x.whereText) is billed on the same date as evaluation \(eCode)\(e.whereText); this payer pays only the evaluation, and a modifier does not change that.",
                         fix: "Bill \(xCode) on a different date from the evaluation, or expect it to be denied.")
            }
        }
    }

    /// One evaluation or re-evaluation per discipline per date; one practitioner not both a PT and an OT
    /// evaluation (NCCI Policy Manual ch. XI §P.1). Skipped for a discipline when PTP edits in force already
    /// reported every pair of its evaluations (`reported`; see `checkConflicts`).
    private mutating func checkEvaluationsPerDiscipline(_ services: UnsafeBufferPointer<DayService>, reported: [(String, String)]) {
        for d in Discipline.allCases {
            let evals = services.filter { $0.ref.isEvaluation && $0.discipline == d }
            guard evals.count > 1, evals.contains(where: { $0.line != nil }) else { continue }
            let everyPairEdited = evals.indices.allSatisfy { x in
                evals.indices.allSatisfy { y in
                    // The same code twice is no PTP pair: that stays this check's to report.
                    y <= x || (evals[x].line == nil && evals[y].line == nil)
                        || (!sameCode(evals[x], evals[y]) && ScrubRun.seen(reported, code(of: evals[x]), code(of: evals[y])))
                }
            }
            if everyPairEdited { continue }
            conflict(.evaluationMoreThanOne, column1: code(of: evals[0]), column2: code(of: evals[1]),
                     lines: evals.compactMap(\.line), indicator: nil, resolved: false,
                     "More than one \(d.rawValue) evaluation or re-evaluation is billed for the date (\(evals.map { code(of: $0) }.joined(separator: ", "))); only one is allowed per discipline per date.",
                     fix: "Bill a single \(d.rawValue) evaluation or re-evaluation for the date.")
        }
        let mine = services.filter { $0.line != nil && $0.ref.isEvaluation }
        if let pt = mine.first(where: { $0.ref.specificDiscipline == .pt }),
           let ot = mine.first(where: { $0.ref.specificDiscipline == .ot }) {
            conflict(.evaluationPTAndOTSameProvider, column1: code(of: pt), column2: code(of: ot),
                     lines: pt.linesList + ot.linesList, indicator: nil, resolved: false,
                     "The same practitioner bills a PT evaluation (\(code(of: pt))) and an OT evaluation (\(code(of: ot))) on one date.",
                     fix: "Bill only the evaluation of the practitioner's own discipline.")
        }
    }

    /// The same timed code billed today on another claim by another clinician: co-treatment minutes count once
    /// (CMS Pub. 100-04 ch. 5 §20.3).
    private mutating func checkCoTreatmentAcrossClaims(_ services: UnsafeBufferPointer<DayService>, on d: Int) {
        var done: [String] = []
        for s in services where s.line != nil && s.timed && !done.contains(code(of: s)) {
            let sClinician = clinicianId(of: s)
            let same = services.contains { o in
                let oClinician = clinicianId(of: o)
                return o.line == nil && code(of: o) == code(of: s)
                    && (oClinician == nil || sClinician == nil || oClinician != sClinician)
            }
            guard same else { continue }
            let sCode = code(of: s)
            done.append(sCode)
            let key = days[d].key
            let mine = lines.filter { $0.code == sCode && $0.covers(key) }.map(\.index)
            report(.coTreatmentOtherClaim, lines: mine,
                   "\(sCode) is also billed today on another claim for this patient. If both clinicians treated the patient together, the patient's minutes count once.",
                   fix: "If it was a co-treatment session, bill those minutes on one claim only; if the sessions were separate, make sure both notes record their own times.")
        }
    }

    /// Medically unlikely edits: per line (MAI 1) or summed over each date of service (MAI 2/3), with the MUE of the
    /// rule set in force on the date (NCCI Policy Manual ch. I §V). A line with a date range is held to the per-date
    /// value times its days.
    mutating func checkMUEs() {
        // Indexes, not copies of the line states and claim lines: copying them costs reference counts per line.
        for k in lines.indices where lines[k].ref.mueValue >= 0 {
            let value = Int(lines[k].ref.mueValue)
            if lines[k].ref.mueAdjudication == .line {
                let billed = billedUnits(k)
                if billed > value {
                    let code = lines[k].code
                    report(.mueLineExceeded, lines: ScrubRun.single(k),
                           "\(code) bills \(billed) units on one line; its MUE is \(value) per line, so all units of the line would be denied.",
                           fix: "Bill no more than \(value) units on the line; the units may only be split across lines with an appropriate modifier.",
                           source: mueSource(k))
                }
            } else if lines[k].isRange {
                let billed = billedUnits(k)
                let allowed = value * lines[k].rangeDays
                if billed > allowed {
                    let code = lines[k].code, rangeDays = lines[k].rangeDays
                    report(.mueDateExceeded, lines: ScrubRun.single(k),
                           "\(code) bills \(billed) units over a \(rangeDays)-day date range; its MUE is \(value) per date of service, so at least one date exceeds it.",
                           fix: "Bill \(code) on one line per date of service with no more than \(value) units each. An ABN cannot shift liability for MUE denials.",
                           source: mueSource(k))
                }
            } else if !sameDateMUELine(before: k) {
                // The first line of the code on its date: the date's total is judged once, here. Lines of one code and
                // date share one rule set, hence one MUE.
                let day = lines[k].day
                var total = 0
                for t in lines.indices where !lines[t].isRange && lines[t].day == day && sameCode(t, k) {
                    total += billedUnits(t)
                }
                if total > value {
                    var idx: [Int] = []
                    for t in lines.indices where !lines[t].isRange && lines[t].day == day && sameCode(t, k) {
                        idx.append(t)
                    }
                    let code = lines[k].code
                    report(.mueDateExceeded, lines: idx,
                           "\(code) bills \(total) units for the date; its MUE is \(value) per date of service, so all its units would be denied.",
                           fix: "Bill no more than \(value) units of \(code) for the date. An ABN cannot shift liability for MUE denials.",
                           source: mueSource(k))
                }
            }
        }
    }

    /// An earlier one-date line bills line `k`'s code on its date (its date total was judged there).
    private func sameDateMUELine(before k: Int) -> Bool {
        let day = lines[k].day
        for j in 0..<k where !lines[j].isRange && lines[j].day == day && sameCode(j, k) { return true }
        return false
    }

    /// Units line `k` bills (`LineState.billedUnits`), read without copying the claim line.
    @inline(__always) private func billedUnits(_ k: Int) -> Int { min(max(claim.lines[k].units ?? lines[k].units, 0), UnitMath.minuteCap) }

    /// The MUE table the value comes from (and its version), as PTP findings name theirs: the table of the rule set
    /// that judges line `line`; nil keeps the catalog's.
    private func mueSource(_ line: Int) -> String? {
        guard let m = rules(ofLine: line).mues[lines[line].code], !m.source.isEmpty else { return nil }
        return m.source
    }
}
