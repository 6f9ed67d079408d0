/// Therapy (GP/GO/GN), assistant (CQ/CO) and KX modifiers, and the modifier-slot limit.
extension ScrubRun {
    mutating func checkModifiers() {
        let ytd = claim.context?.yearToDateAllowed
        let kx = profile.kxThresholds.isEmpty ? nil : profile.kxThreshold(year: dos.year)
        let assistantPolicy = profile.assistantModifiers.flatMap { dos >= $0.effective ? $0 : nil }
        for i in lines.indices {
            if lines[i].sent.count > profile.maxModifiersPerLine {
                report(.tooManyModifiers, lines: [i],
                       "\(lines[i].code) carries \(lines[i].sent.count) modifiers; the claim form has \(profile.maxModifiersPerLine) slots.",
                       fix: "Keep the \(profile.maxModifiersPerLine) modifiers that matter for payment on the line (on paper claims, use 99 and list the rest in item 19).")
            }
            guard let info = lines[i].info else { continue }
            var required: [String] = []
            var unexpected: [String] = []
            therapyModifiers(i, info: info, required: &required, unexpected: &unexpected)
            if let policy = assistantPolicy {
                assistantModifiers(i, policy: policy, required: &required, unexpected: &unexpected)
            }
            if let kx {
                kxModifier(i, threshold: kx, ytd: ytd, required: &required, unexpected: &unexpected)
            }
            lines[i].required = required
            lines[i].unexpected = unexpected
        }
        targetedReview(ytd: ytd)
    }

    /// Exactly one of GP/GO/GN, the one of the line's discipline (CMS Pub. 100-04 ch. 5 §20.1; CR 10176).
    private mutating func therapyModifiers(_ i: Int, info: CodeInfo, required: inout [String], unexpected: inout [String]) {
        guard profile.requireTherapyModifiers else { return }
        var sentTherapy: [String] = []
        for m in lines[i].sent where Discipline(therapyModifier: m) != nil { sentTherapy.append(m) }
        guard let d = lines[i].discipline else {
            if sentTherapy.isEmpty {
                report(.therapyModifierMissing, lines: [i],
                       "\(info.code) is a therapy code and needs the therapy modifier of its plan of care.",
                       fix: "Add GP (PT plan), GO (OT plan) or GN (SLP plan) to the line.")
            } else if sentTherapy.count > 1 {
                report(.therapyModifierMultiple, lines: [i],
                       "\(info.code) carries more than one therapy modifier (\(sentTherapy.joined(separator: ", "))).",
                       fix: "Keep only the modifier of the plan of care the service was furnished under.")
            }
            return
        }
        let want = d.therapyModifier
        required.append(want)
        for m in sentTherapy where m != want { unexpected.append(m) }
        if sentTherapy.isEmpty {
            report(.therapyModifierMissing, lines: [i],
                   "\(info.code) is billed under a \(d.rawValue) plan of care and needs \(want).",
                   fix: "Add \(want) to the line.")
        } else if sentTherapy.count > 1 {
            report(.therapyModifierMultiple, lines: [i],
                   "\(info.code) carries more than one therapy modifier (\(sentTherapy.joined(separator: ", "))); only one is allowed.",
                   fix: "Keep only \(want), the modifier of the \(d.rawValue) plan of care.")
        } else if sentTherapy[0] != want {
            report(.therapyModifierMismatch, lines: [i],
                   "\(info.code) carries \(sentTherapy[0]) but is billed under a \(d.rawValue) plan of care, which takes \(want).",
                   fix: "Replace \(sentTherapy[0]) with \(want).")
        }
    }

    /// CQ with GP, CO with GO, when an assistant furnished more than the de minimis share (Pub. 100-04 ch. 5 §20.1).
    private mutating func assistantModifiers(_ i: Int, policy: AssistantModifierPolicy, required: inout [String],
                                             unexpected: inout [String]) {
        let s = lines[i]
        let needed = assistantExceedsDeMinimis(i, percent: policy.deMinimisPercent)
        let want = needed ? s.discipline?.assistantModifier : nil
        if let want { required.append(want) }
        let badCQ = s.has("CQ") && !s.has("GP")
        let badCO = s.has("CO") && !s.has("GO")
        if badCQ || badCO {
            let which = badCQ ? "CQ" : "CO", partner = badCQ ? "GP" : "GO"
            report(.assistantModifierMismatch, lines: [i],
                   "\(s.code) carries \(which) without \(partner); \(which) is valid only with \(partner) and the claim will be returned as unprocessable.",
                   fix: "Pair CQ with GP (physical therapist assistant) or CO with GO (occupational therapy assistant).")
        }
        for m in ["CQ", "CO"] where s.has(m) && m != want {
            unexpected.append(m)
            if !(badCQ && m == "CQ") && !(badCO && m == "CO") {
                report(.assistantModifierNotSupported, lines: [i],
                       "\(s.code) carries \(m) but the assistant's independent minutes do not exceed \(policy.deMinimisPercent)% of any billed unit of this discipline's service.",
                       fix: "Remove \(m) unless the assistant furnished more of the service than the minutes sent show (the line is paid at 85% with it).")
            }
        }
        if let want, !s.has(want) {
            report(.assistantModifierMissing, lines: [i],
                   "An assistant furnished more than \(policy.deMinimisPercent)% of a billed unit of \(s.code); the line needs \(want).",
                   fix: "Add \(want) to the line (paid at 85% from 2022).")
        }
    }

    /// Per-unit de minimis test (CY 2022 PFS rule; DERIVED, domain-rules §5.3): untimed codes are judged as a whole;
    /// for a timed line the therapist's whole 15-minute blocks are billed as the therapist's units first; the
    /// assistant needs the modifier when their minutes fill a whole unit, or when a further billed unit is left and
    /// their minutes exceed the de minimis share of the minutes left for it. An assistant as the rendering provider
    /// furnished the service in whole.
    func assistantExceedsDeMinimis(_ i: Int, percent: Int) -> Bool {
        let line = claim.lines[i]
        let minutes = max(0, line.minutes ?? 0)
        let byAssistant = claim.provider.role.isAssistant
        var a = max(0, line.assistantMinutes ?? 0)
        if byAssistant { a = max(a, minutes) }
        guard a > 0 || byAssistant else { return false }
        guard lines[i].timed else {
            return byAssistant || a * 100 > percent * minutes
        }
        let u = lines[i].units
        guard u > 0 else { return false }
        a = min(a, minutes)
        if a >= 15 { return true }
        let t = minutes - a
        guard u > t / 15 else { return false }
        return a * 100 > percent * (t % 15 + a)
    }

    /// KX at the year's threshold: PT and SLP share one, OT has its own (Pub. 100-04 ch. 5 §10.3.3).
    private mutating func kxModifier(_ i: Int, threshold: KXThreshold, ytd: Claim.YearToDateAllowed?,
                                     required: inout [String], unexpected: inout [String]) {
        guard let d = lines[i].discipline else { return }
        let amount = d == .ot ? ytd?.ot : ytd?.ptSlp
        let limit = d == .ot ? threshold.ot : threshold.ptSlp
        let which = d == .ot ? "OT" : "PT and SLP combined"
        if let amount, amount >= limit {
            required.append("KX")
            if !lines[i].has("KX") {
                report(.kxModifierMissing, lines: [i],
                       "Year-to-date allowed amounts for \(which) have reached the \(threshold.year) KX threshold of $\(dollars(limit)); \(lines[i].code) needs KX.",
                       fix: "Add KX if the documentation supports medical necessity; otherwise give an ABN and bill with GA instead.")
            }
        } else if lines[i].has("KX"), amount.map({ $0 < limit - profile.kxNearMargin }) ?? true {
            unexpected.append("KX")
            let sign = amount == nil ? "no year-to-date allowed amounts were sent"
                : "year-to-date allowed amounts for \(which) are well below it"
            report(.kxWithoutThreshold, lines: [i],
                   "\(lines[i].code) carries KX for the \(threshold.year) threshold of $\(dollars(limit)), but \(sign). CMS calls KX without an indication the threshold will be exceeded abusive.",
                   fix: "Remove KX until the beneficiary's year-to-date amount reaches the threshold.")
        }
    }

    private mutating func targetedReview(ytd: Claim.YearToDateAllowed?) {
        guard let limit = profile.targetedReviewThreshold, let ytd else { return }
        var hit: [Int] = []
        for s in lines {
            guard let d = s.discipline, s.info != nil else { continue }
            if let a = d == .ot ? ytd.ot : ytd.ptSlp, a >= limit { hit.append(s.index) }
        }
        guard !hit.isEmpty else { return }
        report(.targetedReviewThreshold, lines: hit,
               "Year-to-date allowed amounts have reached the $\(dollars(limit)) targeted medical review threshold; the claim may be selected for review.",
               fix: "Make sure the plan of care, certification, progress reports and notes support medical necessity.")
    }

    /// Whole dollars, for messages.
    func dollars(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e12 else { return "0" }
        return String(Int(v.rounded()))
    }
}
