/// Therapy (GP/GO/GN), assistant (CQ/CO) and KX modifiers, and the modifier-slot limit.
extension ScrubRun {
    mutating func checkModifiers() {
        let ytd = claim.context?.yearToDateAllowed
        // The threshold of the line's calendar year; lines of one claim are nearly always in one year.
        var kxYear = Int.min
        var kx: KXThreshold?
        for i in lines.indices {
            let date = self.date(ofLine: i)
            if date.year != kxYear {
                kxYear = date.year
                kx = profile.kxThresholds.isEmpty ? nil : profile.kxThreshold(year: kxYear)
            }
            let assistantPolicy = profile.assistantModifiers.flatMap { date >= $0.effective ? $0 : nil }
            if lines[i].sent.count > profile.maxModifiersPerLine {
                report(.tooManyModifiers, lines: ScrubRun.single(i),
                       "\(lines[i].code) carries \(lines[i].sent.count) modifiers; the claim form has \(profile.maxModifiersPerLine) slots.",
                       fix: "Keep the \(profile.maxModifiersPerLine) modifiers that matter for payment on the line (on paper claims, use 99 and list the rest in item 19).")
            }
            guard lines[i].known else { continue }
            var required = RequiredModifiers()
            var unexpected: [String] = []
            therapyModifiers(i, required: &required, unexpected: &unexpected)
            if let policy = assistantPolicy {
                assistantModifiers(i, policy: policy, required: &required, unexpected: &unexpected)
            }
            if let kx {
                kxModifier(i, threshold: kx, ytd: ytd, required: &required, unexpected: &unexpected)
            }
            lines[i].required = required.list
            lines[i].requiredBits = required.bits
            swap(&lines[i].unexpected, &unexpected)
        }
        if ytd != nil { targetedReview(ytd: ytd) }
    }

    /// Exactly one of GP/GO/GN, the one of the line's discipline (CMS Pub. 100-04 ch. 5 §20.1; CR 10176).
    private mutating func therapyModifiers(_ i: Int, required: inout RequiredModifiers, unexpected: inout [String]) {
        guard profile.requireTherapyModifiers else { return }
        let count = lines[i].therapyCount
        // The first therapy modifier as sent (a String: it is named in a message).
        var firstSent: String? {
            lines[i].sent.first { Discipline(therapyModifier: $0) != nil }
        }
        let code = lines[i].code
        guard let d = lines[i].discipline else {
            if count == 0 {
                report(.therapyModifierMissing, lines: ScrubRun.single(i),
                       "\(code) is a therapy code and needs the therapy modifier of its plan of care.",
                       fix: "Add GP (PT plan), GO (OT plan) or GN (SLP plan) to the line.")
            } else if count > 1 {
                report(.therapyModifierMultiple, lines: ScrubRun.single(i),
                       "\(code) carries more than one therapy modifier (\(therapyList(i))).",
                       fix: "Keep only the modifier of the plan of care the service was furnished under.")
            }
            return
        }
        let want = d.therapyModifier
        required.therapy = d
        if count == 1 && lines[i].firstTherapy == d { return }
        for m in lines[i].sent where m != want && Discipline(therapyModifier: m) != nil { unexpected.append(m) }
        if count == 0 {
            report(.therapyModifierMissing, lines: ScrubRun.single(i),
                   "\(code) is billed under a \(d.rawValue) plan of care and needs \(want).",
                   fix: "Add \(want) to the line.")
        } else if count > 1 {
            report(.therapyModifierMultiple, lines: ScrubRun.single(i),
                   "\(code) carries more than one therapy modifier (\(therapyList(i))); only one is allowed.",
                   fix: "Keep only \(want), the modifier of the \(d.rawValue) plan of care.")
        } else if let sent = firstSent {
            report(.therapyModifierMismatch, lines: ScrubRun.single(i),
                   "\(code) carries \(sent) but is billed under a \(d.rawValue) plan of care, which takes \(want).",
                   fix: "Replace \(sent) with \(want).")
        }
    }

    private func therapyList(_ i: Int) -> String {
        lines[i].sent.filter { Discipline(therapyModifier: $0) != nil }.joined(separator: ", ")
    }

    /// CQ with GP, CO with GO, when an assistant furnished more than the de minimis share (Pub. 100-04 ch. 5 §20.1).
    /// Without the assistant's minutes (no minutes on the line, or only `assistantInvolved`) the share cannot be
    /// judged: only the pairing is checked, and a named assistant without CQ/CO draws a warning.
    private mutating func assistantModifiers(_ i: Int, policy: AssistantModifierPolicy, required: inout RequiredModifiers,
                                             unexpected: inout [String]) {
        let hasCQ = lines[i].has(key: ModifierKey.cq), hasCO = lines[i].has(key: ModifierKey.co)
        let involved = claim.lines[i].assistantInvolved == true
        if !claim.provider.role.isAssistant
            && (claim.lines[i].minutes == nil || (claim.lines[i].assistantMinutes == nil && involved)) {
            guard hasCQ || hasCO || involved else { return }
            let (badCQ, badCO) = checkAssistantPairing(i, hasCQ: hasCQ, hasCO: hasCO)
            if badCQ { unexpected.append("CQ") }
            if badCO { unexpected.append("CO") }
            if involved && !hasCQ && !hasCO, let want = lines[i].discipline?.assistantModifier {
                let code = lines[i].code
                report(.assistantModifierUnverified, lines: ScrubRun.single(i),
                       MessageText.join("An assistant took part in ", code, " and the line carries no ", want,
                                        "; without the assistant's minutes the de minimis share cannot be checked."),
                       fix: MessageText.join("Add ", want, " unless the assistant furnished no more than ", String(policy.deMinimisPercent),
                                             "% of the service (de minimis); send assistantMinutes to have it checked."))
            }
            return
        }
        let needed = ScrubRun.assistantExceedsDeMinimis(
            lineMinutes: claim.lines[i].minutes, assistantMinutes: claim.lines[i].assistantMinutes,
            byAssistant: claim.provider.role.isAssistant, timed: lines[i].timed, units: lines[i].units,
            percent: policy.deMinimisPercent)
        // Fast path: nothing needed and no CQ/CO sent.
        if !needed && !hasCQ && !hasCO { return }
        let code = lines[i].code
        let wanted = needed ? lines[i].discipline : nil
        let want = wanted?.assistantModifier
        if want != nil { required.assistant = wanted }
        let (badCQ, badCO) = checkAssistantPairing(i, hasCQ: hasCQ, hasCO: hasCO)
        // CQ then CO, without materializing a list of the two per line.
        for which in 0..<2 {
            let m = which == 0 ? "CQ" : "CO"
            let sent = which == 0 ? hasCQ : hasCO, bad = which == 0 ? badCQ : badCO
            guard sent && m != want else { continue }
            unexpected.append(m)
            if !bad {
                report(.assistantModifierNotSupported, lines: ScrubRun.single(i),
                       "\(code) carries \(m) but the assistant's independent minutes do not exceed \(policy.deMinimisPercent)% of any billed unit of this discipline's service.",
                       fix: "Remove \(m) unless the assistant furnished more of the service than the minutes sent show (the line is paid at 85% with it).")
            }
        }
        if let want, !lines[i].has(want) {
            report(.assistantModifierMissing, lines: ScrubRun.single(i),
                   "An assistant furnished more than \(policy.deMinimisPercent)% of a billed unit of \(code); the line needs \(want).",
                   fix: "Add \(want) to the line (paid at 85% from 2022).")
        }
    }

    /// CQ only with GP, CO only with GO; reports ASSISTANT_MODIFIER_MISMATCH and returns which one is unpaired.
    private mutating func checkAssistantPairing(_ i: Int, hasCQ: Bool, hasCO: Bool) -> (badCQ: Bool, badCO: Bool) {
        let badCQ = hasCQ && !lines[i].has(key: ModifierKey.gp)
        let badCO = hasCO && !lines[i].has(key: ModifierKey.go)
        if badCQ || badCO {
            let code = lines[i].code
            let which = badCQ ? "CQ" : "CO", partner = badCQ ? "GP" : "GO"
            report(.assistantModifierMismatch, lines: ScrubRun.single(i),
                   "\(code) carries \(which) without \(partner); \(which) is valid only with \(partner) and the claim will be returned as unprocessable.",
                   fix: "Pair CQ with GP (physical therapist assistant) or CO with GO (occupational therapy assistant).")
        }
        return (badCQ, badCO)
    }

    /// Per-unit de minimis test (CY 2022 PFS rule; our reading, DERIVED): untimed codes are judged as a whole;
    /// for a timed line the therapist's whole 15-minute blocks are billed as the therapist's units first; the
    /// assistant needs the modifier when their minutes fill a whole unit, or when a further billed unit is left and
    /// their minutes exceed the de minimis share of the minutes left for it. An assistant as the rendering provider
    /// furnished the service in whole.
    ///
    /// Static, on the line's numbers: a method called from the mutating checks copied the whole run per line.
    static func assistantExceedsDeMinimis(lineMinutes: Int?, assistantMinutes: Int?, byAssistant: Bool, timed: Bool,
                                          units: Int, percent: Int) -> Bool {
        let minutes = UnitMath.clamp(lineMinutes ?? 0)
        let percent = min(max(0, percent), 100)
        // An assistant rendering a timed line without minutes furnished all of its proposed units.
        if byAssistant && lineMinutes == nil { return !timed || units > 0 }
        var a = UnitMath.clamp(assistantMinutes ?? 0)
        if byAssistant { a = max(a, minutes) }
        guard a > 0 || byAssistant else { return false }
        guard timed else {
            return byAssistant || a * 100 > percent * minutes
        }
        let u = units
        guard u > 0 else { return false }
        a = min(a, minutes)
        if a >= 15 { return true }
        let t = minutes - a
        guard u > t / 15 else { return false }
        return a * 100 > percent * (t % 15 + a)
    }

    /// KX at the year's threshold: PT and SLP share one, OT has its own (Pub. 100-04 ch. 5 §10.3.3).
    private mutating func kxModifier(_ i: Int, threshold: KXThreshold, ytd: Claim.YearToDateAllowed?,
                                     required: inout RequiredModifiers, unexpected: inout [String]) {
        guard let d = lines[i].discipline else { return }
        let amount = d == .ot ? ytd?.ot : ytd?.ptSlp
        let limit = d == .ot ? threshold.ot : threshold.ptSlp
        let which = d == .ot ? "OT" : "PT and SLP combined"
        if let amount, amount >= limit {
            required.kx = true
            if !lines[i].has(key: ModifierKey.kx) {
                report(.kxModifierMissing, lines: ScrubRun.single(i),
                       "Year-to-date allowed amounts for \(which) have reached the \(threshold.year) KX threshold of $\(dollars(limit)); \(lines[i].code) needs KX.",
                       fix: "Add KX if the documentation supports medical necessity; otherwise give an ABN and bill with GA instead.")
            }
        } else if lines[i].has(key: ModifierKey.kx), amount.map({ $0 < limit - profile.kxNearMargin }) ?? true {
            unexpected.append("KX")
            let sign = amount == nil ? "no year-to-date allowed amounts were sent"
                : "year-to-date allowed amounts for \(which) are well below it"
            report(.kxWithoutThreshold, lines: ScrubRun.single(i),
                   "\(lines[i].code) carries KX for the \(threshold.year) threshold of $\(dollars(limit)), but \(sign). CMS calls KX without an indication the threshold will be exceeded abusive.",
                   fix: "Remove KX until the beneficiary's year-to-date amount reaches the threshold.")
        }
    }

    private mutating func targetedReview(ytd: Claim.YearToDateAllowed?) {
        guard let limit = profile.targetedReviewThreshold, let ytd else { return }
        var hit: [Int] = []
        for i in lines.indices where lines[i].known {
            guard let d = lines[i].discipline else { continue }
            if let a = d == .ot ? ytd.ot : ytd.ptSlp, a >= limit { hit.append(i) }
        }
        guard !hit.isEmpty else { return }
        report(.targetedReviewThreshold, lines: hit,
               "Year-to-date allowed amounts have reached the $\(dollars(limit)) targeted medical review threshold; the claim may be selected for review.",
               fix: "Make sure the plan of care, certification, progress reports and notes support medical necessity.")
    }

    /// Whole dollars, for messages.
    func dollars(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e12 else { return "0" }
        // Half-up by hand: Double.rounded() pulls in libm's round, which a Foundation-free link may lack.
        return String(v >= 0 ? Int(v + 0.5) : -Int(-v + 0.5))
    }
}
