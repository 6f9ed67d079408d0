/// Code lookup, line disciplines and units (CMS Pub. 100-04 ch. 5 §20.2; AMA per-code method).
extension ScrubRun {
    /// Looks codes up and settles the discipline (plan of care) each line bills under.
    ///
    /// Order: the provider role's discipline (therapists, assistants, students), else the line's single therapy
    /// modifier (physicians and NPPs bill under the plan's discipline), else a discipline-specific code's own
    /// discipline. A discipline the code does not allow is `DISCIPLINE_NOT_ALLOWED_FOR_CODE`; a discipline-specific
    /// code then keeps its own discipline, so its required modifier stays right (CR 10176).
    mutating func checkCodesAndDisciplines() {
        let roleDiscipline = claim.provider.role.discipline
        for i in lines.indices {
            let ref = lines[i].ref
            guard ref.known else {
                report(.unknownCode, lines: ScrubRun.single(i),
                       "Code \(lines[i].code) is not in the rule set's code table; its units and modifiers were not checked.",
                       fix: "Check the code. If it is a therapy code, add it to the code table.")
                continue
            }
            var candidate = roleDiscipline
            if candidate == nil {
                candidate = lines[i].therapyCount == 1 ? lines[i].lastTherapy : nil
            }
            if let c = candidate, !ref.allows(c) {
                let code = lines[i].code
                let allowed = Discipline.allCases.filter { ref.allows($0) }.map(\.rawValue).joined(separator: ", ")
                report(.disciplineNotAllowedForCode, lines: ScrubRun.single(i),
                       "\(code) (\(name(code))) cannot be billed under a \(c.rawValue) plan of care.",
                       fix: "Bill the code under a discipline that may report it (\(allowed)), or use the right code for the discipline.")
                lines[i].discipline = ref.specificDiscipline ?? c
            } else {
                lines[i].discipline = candidate ?? ref.specificDiscipline
            }
        }
    }

    /// Computes units per line and date of service: untimed codes 1 a day, timed codes by the payer's unit method,
    /// timed minutes pooled per discipline and date under the CMS method. Duplicate timed lines of one date are merged
    /// into their first line. A timed line without minutes keeps its proposed units (the 8-minute rule cannot be
    /// verified; the units are checked for plausibility only).
    mutating func computeUnits() {
        var anyUnverified = false
        for i in lines.indices where lines[i].known {
            let code = lines[i].code
            if !lines[i].ref.timed {
                lines[i].units = untimedUnits(i)
                lines[i].computed = true
                continue
            }
            if lines[i].isRange {
                report(.timedCodeDateRange, lines: ScrubRun.single(i),
                       MessageText.join(code, " is a timed code billed for a date range; timed units are counted per calendar day."),
                       fix: "Bill the code on one line per date of service, each with that day's units.")
            }
            let minutes = claim.lines[i].minutes
            if minutes == nil && (claim.lines[i].units ?? 0) <= 0 {
                report(.timedCodeMissingMinutes, lines: ScrubRun.single(i),
                       "\(code) is a timed code but the line has neither minutes nor units, so there is nothing to bill or check.",
                       fix: "Send the units billed and the line's direct one-on-one minutes; the note must record total timed minutes.")
                continue
            }
            if let s = claim.lines[i].setting, s != .individual {
                lines[i].computed = minutes != nil
                report(.timedCodeGroupTime, lines: ScrubRun.single(i),
                       "\(code) is a one-on-one timed code but the line's time was \(s.rawValue) time.",
                       fix: "Bill time spent with two or more patients as group therapy (97150, or 92508 for speech), one unit per session.")
                continue
            }
            // Lines are few: a linear scan beats hashing.
            let day = lines[i].day
            var first: Int?
            for j in 0..<i where (lines[j].counted || lines[j].unverified) && lines[j].day == day && sameCode(j, i) {
                first = j
                break
            }
            guard let minutes else {
                lines[i].units = min(claim.lines[i].units ?? 0, UnitMath.minuteCap)
                lines[i].unverified = true
                anyUnverified = true
                if let first { _ = reportDuplicate(i, of: first) }
                continue
            }
            lines[i].computed = true
            if let first {
                if lines[first].counted {
                    mergeDuplicate(i, into: first, minutes: minutes)
                    lines[i].merged = true
                    continue
                }
                _ = reportDuplicate(i, of: first)
            }
            lines[i].counted = true
            lines[i].countedMinutes = UnitMath.clamp(minutes)
        }
        switch profile.unitMethod {
        case .amaPerCode:
            for i in lines.indices where lines[i].counted {
                lines[i].units = UnitMath.tableUnits(minutes: lines[i].countedMinutes)
            }
        case .cmsTotalTime:
            // The pools that have members on each date (a pool without any is left alone), so a claim of many dates
            // does not scan its lines once per pool and date.
            for day in days.indices {
                let present = pools(on: day, unverified: false)
                guard present != 0 else { continue }
                if profile.poolAcrossDisciplines {
                    allocate(pool: nil, all: true, day: day)
                } else {
                    // Four explicit calls: an array literal here would be materialized on every claim.
                    if present & ScrubRun.poolBit(.pt) != 0 { allocate(pool: .pt, all: false, day: day) }
                    if present & ScrubRun.poolBit(.ot) != 0 { allocate(pool: .ot, all: false, day: day) }
                    if present & ScrubRun.poolBit(.slp) != 0 { allocate(pool: .slp, all: false, day: day) }
                    if present & ScrubRun.poolBit(nil) != 0 { allocate(pool: nil, all: false, day: day) }
                }
            }
        }
        for i in lines.indices where lines[i].counted {
            totalTimedMinutes += lines[i].countedMinutes
            if lines[i].units == 0 && lines[i].countedMinutes > 0 {
                report(.noBillableUnits, lines: ScrubRun.single(i),
                       MessageText.join(lines[i].code, ScrubRun.noUnitsPhrase(profile.unitMethod)),
                       fix: "Do not bill units for it, but keep the service and its minutes in the treatment note.")
            }
        }
        compareProposedUnits()
        if anyUnverified { checkUnitsWithoutMinutes() }
    }

    /// An untimed code is 1 unit a day: 1 on a one-date line, at most one per day of a date range.
    @inline(__always) private func untimedUnits(_ i: Int) -> Int {
        guard lines[i].rangeDays > 1 else { return 1 }
        return min(max(claim.lines[i].units ?? 1, 1), lines[i].rangeDays)
    }

    /// Plausibility of units sent without minutes: the payer's per-date, per-discipline ceiling on timed units, then
    /// the one note that the 8-minute rule could not be verified.
    private mutating func checkUnitsWithoutMinutes() {
        if let limit = profile.maxTimedUnitsPerDay {
            for day in days.indices where pools(on: day, unverified: true) != 0 {
                checkDailyTimedUnits(.pt, day: day, limit: limit)
                checkDailyTimedUnits(.ot, day: day, limit: limit)
                checkDailyTimedUnits(.slp, day: day, limit: limit)
                checkDailyTimedUnits(nil, day: day, limit: limit)
            }
        }
        let unverified = lines.indices.filter { lines[$0].unverified }
        let n = unverified.count
        report(.eightMinuteRuleNotVerified, lines: unverified,
               MessageText.join(MessageText.number(n), n == 1 ? " timed line carries" : " timed lines carry",
                                " units but no minutes, so the 8-minute rule could not be verified; the units were taken as proposed and checked for plausibility only."),
               fix: "Send each timed line's direct one-on-one minutes (from the treatment note) to have its units verified.")
    }

    /// A bit per discipline pool (`poolBit`) with a counted line on date `day` (an unverified one when `unverified`).
    private func pools(on day: Int, unverified: Bool) -> UInt8 {
        var pools: UInt8 = 0
        for i in lines.indices where lines[i].day == day && (unverified ? lines[i].unverified : lines[i].counted) {
            pools |= ScrubRun.poolBit(lines[i].discipline)
        }
        return pools
    }

    static func poolBit(_ d: Discipline?) -> UInt8 {
        switch d {
        case .pt: return 1
        case .ot: return 2
        case .slp: return 4
        case nil: return 8
        }
    }

    private mutating func checkDailyTimedUnits(_ discipline: Discipline?, day: Int, limit: Int) {
        var total = 0
        var unverified = false
        for i in lines.indices where lines[i].day == day && lines[i].discipline == discipline
            && (lines[i].counted || lines[i].unverified) {
            total += lines[i].units
            unverified = unverified || lines[i].unverified
        }
        guard unverified, total > limit else { return }
        // The lines are listed only for a finding (the check runs per discipline and date).
        var members: [Int] = []
        for i in lines.indices where lines[i].day == day && lines[i].discipline == discipline
            && (lines[i].counted || lines[i].unverified) {
            members.append(i)
        }
        let plan = discipline.map { "the " + $0.rawValue + " plan of care" } ?? "lines without a discipline"
        report(.timedUnitsAboveDailyLimit, lines: members,
               MessageText.join("The timed units of ", plan, " add up to ", MessageText.number(total),
                                " for one date of service, above this payer's plausibility ceiling of ", String(limit),
                                " per discipline and date; without minutes they cannot be verified."),
               fix: "Check the units against the timed minutes the treatment note records for that date, and send the minutes.")
    }

    /// Duplicate timed lines: Medicare wants one line per code and date; two clinicians on one code is
    /// co-treatment, where the patient's minutes count once (CMS Pub. 100-04 ch. 5 §20.3).
    private mutating func mergeDuplicate(_ i: Int, into first: Int, minutes: Int) {
        let a = claim.lines[first].clinicianId, b = claim.lines[i].clinicianId
        if a != nil && b != nil && a != b {
            // The same patient minutes were furnished by two clinicians together: count them once (the longer).
            lines[first].countedMinutes = max(lines[first].countedMinutes, UnitMath.clamp(minutes))
        } else {
            lines[first].countedMinutes = UnitMath.clamp(lines[first].countedMinutes + UnitMath.clamp(minutes))
        }
        _ = reportDuplicate(i, of: first)
    }

    /// Reports line `i` billing the timed code of line `first` again for the same date: co-treatment when two
    /// clinicians are named, else a second line for the code. Returns whether it is co-treatment.
    private mutating func reportDuplicate(_ i: Int, of first: Int) -> Bool {
        let a = claim.lines[first].clinicianId, b = claim.lines[i].clinicianId
        let coTreatment = a != nil && b != nil && a != b
        if coTreatment {
            report(.coTreatmentDuplicate, lines: [first, i],
                   "Two clinicians bill \(lines[i].code) for the patient on this date. In co-treatment each 15 minutes of patient time counts as one unit, whoever furnished it.",
                   fix: "Bill the patient's minutes once, on one line, under the clinician who billed the service; remove the other line.")
        }
        if profile.timedCodeSingleLine && !coTreatment {
            report(.timedCodeMultipleLines, lines: [first, i],
                   "\(lines[i].code) is a timed code reported on more than one line for the date of service.",
                   fix: "Report the code once for the date, with the total minutes and units on a single line.")
        }
        return coTreatment
    }

    /// CMS total-time allocation of one discipline's pool on one date (or of all its timed lines when `all`), in place (the algorithm of `UnitMath.allocate`, same
    /// tie-break). A proposal that only breaks ties differently is kept (CMS examples 2 and 5).
    private mutating func allocate(pool: Discipline?, all: Bool, day: Int) {
        var total = 0, floors = 0, members = 0
        var proposalValid = true
        var minExtraLeft = Int.max, maxPlainLeft = Int.min, proposedSum = 0
        for i in lines.indices where lines[i].counted && lines[i].day == day && (all || lines[i].discipline == pool) {
            let m = lines[i].countedMinutes
            members += 1
            total += m
            floors += m / 15
            lines[i].units = m / 15
            lines[i].extra = false
            if let p = claim.lines[i].units, proposalValid, p >= 0, p <= UnitMath.minuteCap {
                proposedSum += p
                if p == m / 15 + 1 { minExtraLeft = min(minExtraLeft, m % 15) }
                else if p == m / 15 { maxPlainLeft = max(maxPlainLeft, m % 15) }
                else { proposalValid = false }
            } else {
                proposalValid = false
            }
        }
        guard members > 0 else { return }
        let n = UnitMath.tableUnits(minutes: total)
        if proposalValid && proposedSum == n && (minExtraLeft == Int.max || maxPlainLeft == Int.min || minExtraLeft >= maxPlainLeft) {
            for i in lines.indices where lines[i].counted && lines[i].day == day && (all || lines[i].discipline == pool) {
                lines[i].units = claim.lines[i].units ?? lines[i].units
            }
            return
        }
        var remaining = n - floors
        while remaining > 0 {
            var best = -1
            for i in lines.indices where lines[i].counted && lines[i].day == day && (all || lines[i].discipline == pool) && !lines[i].extra {
                guard best >= 0 else { best = i; continue }
                let m = lines[i].countedMinutes, bm = lines[best].countedMinutes
                if m % 15 > bm % 15 || (m % 15 == bm % 15 && m > bm) { best = i }
            }
            guard best >= 0 else { break }
            lines[best].units += 1
            lines[best].extra = true
            remaining -= 1
        }
    }

    private mutating func compareProposedUnits() {
        for i in lines.indices where lines[i].computed && !lines[i].merged {
            guard let proposed = claim.lines[i].units else { continue }
            let units = lines[i].units
            guard proposed != units else { continue }
            // The method phrase as one constant piece: each piece of a join costs a copy call of its own.
            let method = lines[i].timed ? ScrubRun.supportsPhrase(profile.unitMethod) : " but an untimed code (1 unit a day) supports "
            let p = MessageText.number(proposed), u = MessageText.number(units), code = lines[i].code
            let pu = proposed == 1 ? " unit" : " units"
            if proposed > units {
                report(.unitsAboveComputed, lines: ScrubRun.single(i),
                       MessageText.join(code, " proposes ", p, pu, method, u, "."),
                       fix: MessageText.join("Bill ", u, units == 1 ? " unit, or correct the minutes if they were recorded wrong."
                                                 : " units, or correct the minutes if they were recorded wrong."))
            } else {
                report(.unitsBelowComputed, lines: ScrubRun.single(i),
                       MessageText.join(code, " proposes ", p, pu, method, u, "; revenue may be lost."),
                       fix: MessageText.join("Bill ", u, units == 1 ? " unit if the note supports the minutes."
                                                 : " units if the note supports the minutes."))
            }
        }
    }

    /// `" but the <method> method supports "`, one literal per method (`UnitMethod`'s raw values).
    static func supportsPhrase(_ method: UnitMethod) -> String {
        switch method {
        case .cmsTotalTime: return " but the cms-total-time method supports "
        case .amaPerCode: return " but the ama-per-code method supports "
        }
    }

    /// `" earns no units: ... under the <method> method."`, one literal per method (`UnitMethod`'s raw values).
    static func noUnitsPhrase(_ method: UnitMethod) -> String {
        switch method {
        case .cmsTotalTime: return " earns no units: its minutes do not reach a unit under the cms-total-time method."
        case .amaPerCode: return " earns no units: its minutes do not reach a unit under the ama-per-code method."
        }
    }
}
