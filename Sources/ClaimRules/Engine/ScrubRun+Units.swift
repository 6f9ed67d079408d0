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
            guard let info = lines[i].info else {
                report(.unknownCode, lines: [i],
                       "Code \(lines[i].code) is not in the rule set's code table; its units and modifiers were not checked.",
                       fix: "Check the code. If it is a therapy code, add it to the code table.")
                continue
            }
            var therapyMods: [Discipline] = []
            for m in lines[i].sent { if let d = Discipline(therapyModifier: m) { therapyMods.append(d) } }
            let candidate = roleDiscipline ?? (therapyMods.count == 1 ? therapyMods[0] : nil)
            if let c = candidate, !info.disciplines.contains(c) {
                report(.disciplineNotAllowedForCode, lines: [i],
                       "\(info.code) (\(info.name)) cannot be billed under a \(c.rawValue) plan of care.",
                       fix: "Bill the code under a discipline that may report it (\(info.disciplines.map(\.rawValue).joined(separator: ", "))), or use the right code for the discipline.")
                lines[i].discipline = info.specificDiscipline ?? c
            } else {
                lines[i].discipline = candidate ?? info.specificDiscipline
            }
        }
    }

    /// Computes units per line: untimed codes 1, timed codes by the payer's unit method, timed minutes pooled per
    /// discipline under the CMS method. Duplicate timed lines are merged into their first line.
    mutating func computeUnits() {
        // Timed lines that can count, after the exclusions.
        var firstLineOfCode: [String: Int] = [:]
        for i in lines.indices {
            guard let info = lines[i].info else { continue }
            let line = claim.lines[i]
            if !info.timed {
                lines[i].units = 1
                lines[i].computed = true
                continue
            }
            guard let minutes = line.minutes else {
                report(.timedCodeMissingMinutes, lines: [i],
                       "\(info.code) is a timed code but the line has no minutes, so its units cannot be checked.",
                       fix: "Send the line's direct one-on-one minutes; the note must record total timed minutes.")
                continue
            }
            if let s = line.setting, s != .individual {
                report(.timedCodeGroupTime, lines: [i],
                       "\(info.code) is a one-on-one timed code but the line's time was \(s.rawValue) time.",
                       fix: "Bill time spent with two or more patients as group therapy (97150, or 92508 for speech), one unit per session.")
                lines[i].computed = true
                continue
            }
            if let first = firstLineOfCode[info.code] {
                mergeDuplicate(i, into: first, minutes: minutes)
                lines[i].computed = true
                lines[i].merged = true
                continue
            }
            firstLineOfCode[info.code] = i
            lines[i].counted = true
            lines[i].computed = true
            lines[i].countedMinutes = max(0, minutes)
        }
        switch profile.unitMethod {
        case .amaPerCode:
            for i in lines.indices where lines[i].counted {
                lines[i].units = UnitMath.tableUnits(minutes: lines[i].countedMinutes)
            }
        case .cmsTotalTime:
            allocatePerDiscipline()
        }
        for i in lines.indices where lines[i].counted {
            totalTimedMinutes += lines[i].countedMinutes
            if lines[i].units == 0 && lines[i].countedMinutes > 0 {
                report(.noBillableUnits, lines: [i],
                       "\(lines[i].code) earns no units: its minutes do not reach a unit under the \(profile.unitMethod.rawValue) method.",
                       fix: "Do not bill units for it, but keep the service and its minutes in the treatment note.")
            }
        }
        compareProposedUnits()
    }

    /// Duplicate timed lines: Medicare wants one line per code and date; two clinicians on one code is
    /// co-treatment, where the patient's minutes count once (CMS Pub. 100-04 ch. 5 §20.3).
    private mutating func mergeDuplicate(_ i: Int, into first: Int, minutes: Int) {
        let a = claim.lines[first].clinicianId, b = claim.lines[i].clinicianId
        let coTreatment = a != nil && b != nil && a != b
        if coTreatment {
            // The same patient minutes were furnished by two clinicians together: count them once (the longer).
            lines[first].countedMinutes = max(lines[first].countedMinutes, max(0, minutes))
            report(.coTreatmentDuplicate, lines: [first, i],
                   "Two clinicians bill \(lines[i].code) for the patient on this date. In co-treatment each 15 minutes of patient time counts as one unit, whoever furnished it.",
                   fix: "Bill the patient's minutes once, on one line, under the clinician who billed the service; remove the other line.")
        } else {
            lines[first].countedMinutes += max(0, minutes)
        }
        if profile.timedCodeSingleLine && !coTreatment {
            report(.timedCodeMultipleLines, lines: [first, i],
                   "\(lines[i].code) is a timed code reported on more than one line for the date of service.",
                   fix: "Report the code once for the date, with the total minutes and units on a single line.")
        }
    }

    /// CMS total-time method per discipline; lines without a known discipline form their own pool.
    private mutating func allocatePerDiscipline() {
        let pools: [Discipline?] = [.pt, .ot, .slp, nil]
        var idx: [Int] = []
        var minutes: [Int] = []
        for d in pools {
            idx.removeAll(keepingCapacity: true)
            minutes.removeAll(keepingCapacity: true)
            for i in lines.indices where lines[i].counted && lines[i].discipline == d {
                idx.append(i)
                minutes.append(lines[i].countedMinutes)
            }
            guard !idx.isEmpty else { continue }
            // A proposal that only breaks ties differently is as right as ours (CMS examples 2 and 5).
            var proposal: [Int] = []
            proposal.reserveCapacity(idx.count)
            for i in idx {
                guard let p = claim.lines[i].units else { break }
                proposal.append(p)
            }
            let units = proposal.count == idx.count && UnitMath.isTieEquivalent(minutes: minutes, proposal: proposal)
                ? proposal : UnitMath.allocate(minutes: minutes)
            for (k, i) in idx.enumerated() { lines[i].units = units[k] }
        }
    }

    private mutating func compareProposedUnits() {
        for i in lines.indices where lines[i].computed && !lines[i].merged {
            guard let proposed = claim.lines[i].units else { continue }
            let units = lines[i].units
            let method = lines[i].timed ? "the \(profile.unitMethod.rawValue) method" : "an untimed code (1 unit a day)"
            if proposed > units {
                report(.unitsAboveComputed, lines: [i],
                       "\(lines[i].code) proposes \(proposed) units but \(method) supports \(units).",
                       fix: "Bill \(units) unit\(units == 1 ? "" : "s"), or correct the minutes if they were recorded wrong.")
            } else if proposed < units {
                report(.unitsBelowComputed, lines: [i],
                       "\(lines[i].code) proposes \(proposed) units but \(method) supports \(units); revenue may be lost.",
                       fix: "Bill \(units) unit\(units == 1 ? "" : "s") if the note supports the minutes.")
            }
        }
    }
}
