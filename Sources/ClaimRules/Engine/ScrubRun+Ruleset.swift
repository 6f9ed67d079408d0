/// Whether each rule set is the one for the dates of service it judges.
extension ScrubRun {
    /// One finding per rule set that judges a date outside its window: for an imported quarter the warning
    /// `RULESET_NOT_IN_FORCE` (the nearest quarter stood in for a missing one), naming the lines of those dates when
    /// not all of the claim's are; for the built-in snapshot the info finding `NCCI_EDITS_SNAPSHOT` instead. The
    /// snapshot is the documented default for every date while no quarter is imported, so warning about it on every
    /// claim would only repeat the notice, and would turn clean claims into `warnings`; it is never reported twice.
    mutating func checkRulesetWindow() {
        var snapshotSaid = false
        for k in rulesets.indices {
            // Whether any date is outside first: the lines are listed only for the warning.
            var any = false
            for d in days where d.rulesIndex == k && !rulesets[k].isInForce(on: d.date) {
                any = true
                break
            }
            guard any else { continue }
            if let notice = rulesets[k].snapshotNoticeBox {
                if !snapshotSaid { report(.ncciEditsSnapshot, notice.message, fix: notice.fix) }
                snapshotSaid = true
                continue
            }
            let set = rulesets[k]
            var outside: [Int] = []
            for (di, d) in days.enumerated() where d.rulesIndex == k && !set.isInForce(on: d.date) {
                for i in lines.indices where lines[i].day == di { outside.append(i) }
            }
            let window = set.through.map { "\(set.effective) to \($0)" } ?? "from \(set.effective)"
            let affected = linesOrClaim(outside)
            report(.rulesetNotInForce, lines: affected,
                   affected.isEmpty
                       ? "The date of service is outside the rule set's window (\(window)); the edits in force on that date may differ."
                       : "Some dates of service are outside the window of the rule set that judged them (\(window)); the edits in force on those dates may differ.",
                   fix: "Scrub with the rule set effective on the date of service, or load it.")
        }
    }
}
