/// Whether the ruleset is the one for the date of service.
extension ScrubRun {
    /// One finding when the date of service is outside the ruleset's window: for an imported quarter the warning
    /// `RULESET_NOT_IN_FORCE` (the nearest quarter stood in for a missing one), for the built-in snapshot the info
    /// finding `NCCI_EDITS_SNAPSHOT` instead. The snapshot is the documented default for every date while no quarter
    /// is imported, so warning about it on every claim would only repeat the notice, and would turn clean claims into
    /// `warnings`; it is never reported twice.
    mutating func checkRulesetWindow() {
        guard !rules.isInForce(on: dos) else { return }
        if let notice = rules.snapshotNotice {
            report(.ncciEditsSnapshot, notice.message, fix: notice.fix)
            return
        }
        let window = rules.through.map { "\(rules.effective) to \($0)" } ?? "from \(rules.effective)"
        report(.rulesetNotInForce,
               "The date of service is outside the rule set's window (\(window)); the edits in force on that date may differ.",
               fix: "Scrub with the rule set effective on the date of service, or load it.")
    }
}
