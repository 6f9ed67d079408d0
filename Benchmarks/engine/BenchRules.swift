import ClaimRules
import RuleData

/// The rule set the benchmark scrubs against.
enum BenchRules {
    static func load() -> RuleSet {
        // TODO: RuleSetLoader.loadDefault() once ruledata lands; a hand-built Medicare set meanwhile.
        RuleSet(
            id: "bench-handbuilt", effective: CalendarDate(year: 2020, month: 1, day: 1) ?? CalendarDate(dayNumber: 0).unsafelyUnwrapped,
            digest: "none",
            codes: CodeTable([
                CodeInfo(code: "97530", name: "therapeutic activities", timed: true, family: .therapeuticProcedure, disciplines: [.pt, .ot]),
                CodeInfo(code: "97110", name: "therapeutic exercise", timed: true, family: .therapeuticProcedure, disciplines: [.pt, .ot]),
                CodeInfo(code: "97140", name: "manual therapy", timed: true, family: .therapeuticProcedure, disciplines: [.pt, .ot]),
                CodeInfo(code: "97112", name: "neuromuscular re-education", timed: true, family: .therapeuticProcedure, disciplines: [.pt, .ot]),
            ]),
            payers: ["medicare": PayerProfile(id: "medicare", name: "Medicare", unitMethod: .cmsTotalTime, allowedRoles: [.pt, .ot, .slp])]
        )
    }
}
