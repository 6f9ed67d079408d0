extension RuleSet {
    /// What a snapshot ruleset says about itself (see `snapshot`): the result's info finding when it judges a date
    /// outside its window, and the service's start-up notice when no NCCI quarter is imported. Nil for other rulesets.
    /// Names no claim data, so it may go to logs.
    public var snapshotNotice: (message: String, fix: String)? {
        snapshotNoticeBox.map { ($0.message, $0.fix) }
    }

    static func snapshotNotice(of meta: MetaFields) -> (message: String, fix: String)? {
        guard let snapshot = meta.snapshot else { return nil }
        let effective = meta.effective
        let window = meta.through.map { "\(effective) to \($0)" } ?? "from \(effective)"
        return ("The NCCI edits used are the built-in snapshot of the \(snapshot), current for dates of service \(window); "
                    + "the edits in force on other dates may differ.",
                // One literal (a concatenation would be a heap string whose count every claim's finding writes).
                "Import the CMS practitioner PTP and MUE files of the current quarter with `claim-scrubber import-ncci` (see \"Quarterly NCCI update\" in the manual).")
    }
}

/// The texts of `RuleSet.snapshotNotice`, built once per rule set and shared by its copies (internal).
final class SnapshotNoticeBox: Sendable {
    let message: String
    let fix: String
    init(message: String, fix: String) {
        self.message = message
        self.fix = fix
    }
}
