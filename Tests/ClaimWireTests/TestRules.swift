import ClaimRules

/// A small hand-built rule set, so ClaimWire's tests do not depend on the shipped rule data.
enum TestRules {
    static let ruleSet = RuleSet(
        id: "test-rules", effective: CalendarDate(year: 2020, month: 1, day: 1) ?? firstDay, digest: "test-digest",
        codes: CodeTable([
            CodeInfo(code: "97530", name: "therapeutic activities", timed: true, family: .therapeuticProcedure, disciplines: [.pt, .ot]),
            CodeInfo(code: "97110", name: "therapeutic exercise", timed: true, family: .therapeuticProcedure, disciplines: [.pt, .ot]),
            CodeInfo(code: "97140", name: "manual therapy", timed: true, family: .therapeuticProcedure, disciplines: [.pt, .ot]),
            CodeInfo(code: "97112", name: "neuromuscular re-education", timed: true, family: .therapeuticProcedure, disciplines: [.pt, .ot]),
            CodeInfo(code: "97163", name: "PT evaluation, high", timed: false, family: .evaluation, disciplines: [.pt]),
            CodeInfo(code: "97165", name: "OT evaluation, low", timed: false, family: .evaluation, disciplines: [.ot]),
        ]),
        payers: [
            "medicare": PayerProfile(id: "medicare", name: "Medicare", unitMethod: .cmsTotalTime, allowedRoles: [.pt, .ot, .slp]),
            "commercial-ama": PayerProfile(id: "commercial-ama", name: "Commercial", unitMethod: .amaPerCode, allowedRoles: [.pt, .ot, .slp]),
        ]
    )

    private static var firstDay: CalendarDate { CalendarDate(dayNumber: 18262) ?? CalendarDate(dayNumber: 0).unsafelyUnwrapped }
}
