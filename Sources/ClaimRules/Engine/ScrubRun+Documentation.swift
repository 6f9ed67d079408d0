/// Documentation compliance warnings and plan-of-care dates (CMS Pub. 100-02 ch. 15 §220.1-§220.3; TheraPlatform, "CPT code 97530").
extension ScrubRun {
    /// `crossClaim`'s derived counts stand in for the ones the claim's context does not state.
    mutating func checkDocumentation(_ crossClaim: CrossClaimFacts) {
        // The context's facts are read one by one: a copy of the whole context would retain every string and array in it.
        // The two dates, not the plan (a copy of it retains its goal list); without either date there is nothing to check.
        let from = claim.context?.planOfCare?.certifiedFrom, through = claim.context?.planOfCare?.certifiedThrough
        if from != nil || through != nil { checkPlanOfCare(from: from, through: through) }
        guard profile.documentationChecks else { return }
        let statedDays = claim.context?.treatmentDaysSinceProgressReport
        let statedVisit = claim.context?.visitNumber
        let progressReportToday = claim.context?.progressReportToday
        // A count the claim does not state may come from the patient's earlier claims in a batch.
        let derivedDays = statedDays == nil ? crossClaim.treatmentDaysSinceProgressReport : nil
        if let every = profile.progressReportEveryTreatmentDays,
           let days = statedDays ?? derivedDays?.value,
           days >= every, progressReportToday != true {
            report(.progressReportDue, lines: allLines,
                   MessageText.join("This is treatment day ", MessageText.number(days), " since the last progress report",
                                    derivedDays.map(Self.countedText) ?? "", "; a progress report is due at least every ",
                                    MessageText.number(every), " treatment days."),
                   fix: "Have the therapist write a progress report today (a late report must follow within 7 calendar days).",
                   batchLines: derivedDays?.lines)
        }
        let doc = claim.context?.documentation
        let derivedVisit = statedVisit == nil ? crossClaim.visitNumber : nil
        if let after = profile.continuedNeedAfterVisits, let visit = statedVisit ?? derivedVisit?.value, visit > after,
           doc?.continuedSkilledNeed != true {
            report(.continuedNeedUndocumented, lines: allLines,
                   MessageText.join("This is visit ", MessageText.number(visit), derivedVisit.map(Self.countedText) ?? "",
                                    "; beyond ", MessageText.number(after), " visits the note must show the continued need for skilled therapy."),
                   fix: "Document why the patient still needs a therapist's skills (progress toward goals, complexity, safety).",
                   batchLines: derivedVisit?.lines)
        }
        guard let doc else {
            report(.documentationNotProvided,
                   "No documentation facts were sent, so the treatment-note checks (activity, assistance, goals, deficits) did not run.",
                   fix: "Send context.documentation to check the treatment note's required elements.")
            return
        }
        // Index loops over the line states: a closure over the elements copies each one (its strings and arrays).
        var anyActivity = false, onlyEvaluations = true
        for i in lines.indices {
            if lines[i].ref.known && lines[i].ref.activityDocumentation { anyActivity = true }
            if lines[i].known && !lines[i].ref.isEvaluation { onlyEvaluations = false }
        }
        if anyActivity, doc.activityDescription != true || doc.assistanceType != true || doc.assistanceLevel != true {
            var activityLines: [Int] = []
            for i in lines.indices where lines[i].ref.known && lines[i].ref.activityDocumentation { activityLines.append(lines[i].index) }
            if doc.activityDescription != true {
                report(.activityDescriptionMissing, lines: activityLines,
                       "The note does not describe the specific therapeutic activity performed.",
                       fix: "Describe the activity (e.g. the functional task simulated) in the note.")
            }
            if doc.assistanceType != true {
                report(.assistanceTypeMissing, lines: activityLines,
                       "The note does not record the type of assistance the patient needed.",
                       fix: "Record the type of assistance (e.g. verbal cues, tactile, physical).")
            }
            if doc.assistanceLevel != true {
                report(.assistanceLevelMissing, lines: activityLines,
                       "The note does not record the level of assistance the patient needed.",
                       fix: "Record the amount of assistance (e.g. minimal, moderate, maximal).")
            }
        }
        // An evaluation-only visit establishes the plan and its goals: the treatment-note elements do not apply yet.
        if onlyEvaluations { return }
        let noteGoals = doc.goalIds ?? []
        let planGoals = claim.context?.planOfCare?.goalIds
        let linked = !noteGoals.isEmpty && (planGoals.map { p in noteGoals.contains { p.contains($0) } } ?? true)
        if !linked {
            let why = noteGoals.isEmpty ? "does not link today's treatment to any plan-of-care goal"
                : "links to goals that are not in the plan of care"
            report(.goalLinkMissing, lines: allLines, "The note \(why).",
                   fix: "Link the treatment to the plan-of-care goals it works toward.")
        }
        if doc.functionalDeficits != true {
            report(.functionalDeficitsMissing, lines: allLines,
                   "The note does not record the functional deficits treated (e.g. ADL skills, balance, mobility).",
                   fix: "Record the loss of function the treatment addresses and how it limits the patient.")
        }
    }

    /// How a count derived from a batch is qualified in a message.
    static func countedText(_ count: CrossClaimFacts.DerivedCount) -> String {
        MessageText.batchLines(" (counted from this patient's earlier claims in the batch, ", count.lines, ")")
    }

    /// Every date of service must fall inside the certification, which lasts at most 90 calendar days counting the
    /// first day (Pub. 100-02 ch. 15 §220.1.3). One finding per way a date falls outside, naming its lines.
    private mutating func checkPlanOfCare(from: CalendarDate?, through: CalendarDate?) {
        var before: [Int] = [], after: [Int] = [], beyond: [Int] = []
        // Day numbers once: the lines of a claim share one or a few dates.
        let fromDay = from?.dayNumber ?? 0, maxDays = profile.planOfCareMaxDays
        var lastEnd: CalendarDate?, lastEndDay = 0
        for i in lines.indices {
            let start = date(ofLine: i)
            let end = self.through(ofLine: i) ?? start
            if let from, start < from {
                before.append(i)
            } else if let through, end > through {
                after.append(i)
            } else if from != nil, let maxDays {
                if end != lastEnd {
                    lastEnd = end
                    lastEndDay = end.dayNumber
                }
                if lastEndDay - fromDay >= maxDays { beyond.append(i) }
            }
        }
        if !before.isEmpty { reportOutsidePlanOfCare(before, "before the plan of care's certification starts") }
        if !after.isEmpty { reportOutsidePlanOfCare(after, "after the plan of care's certification ends") }
        if !beyond.isEmpty, let maxDays = profile.planOfCareMaxDays {
            reportOutsidePlanOfCare(beyond, "\(maxDays) days or more after the certification started")
        }
        if let from, let through, let maxDays = profile.planOfCareMaxDays, from.days(to: through) >= maxDays {
            report(.certificationTooLong, lines: allLines,
                   "The certification runs \(from.days(to: through) + 1) days; it may cover at most \(maxDays) days.",
                   fix: "Recertify the plan of care at least every \(maxDays) days.")
        }
    }

    private mutating func reportOutsidePlanOfCare(_ hit: [Int], _ outside: String) {
        let message = days.count == 1 ? "The date of service is \(outside)."
            : hit.count == 1 ? "A line's date of service is \(outside)."
            : "\(hit.count) lines have a date of service \(outside)."
        report(.dateOutsidePlanOfCare, lines: hit, message,
               fix: "Get the plan of care certified or recertified for this date before billing.")
    }
}
