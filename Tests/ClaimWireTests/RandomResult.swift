import ClaimRules

/// Random `ScrubResult` values covering every optional and every enum case, for encoder properties.
enum RandomResult {
    static func make(_ rng: inout SeededRandom) -> ScrubResult {
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &rng) ? make() : nil }
        func text() -> String {
            let pool = ["a", "Z", " ", "\u{E9}", "\"", "\\", "\n", "\t", "\u{1}", "\u{1F600}", "/", "\u{2028}"]
            return (0..<Int.random(in: 0...12, using: &rng)).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] }.joined()
        }
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &rng)] }
        func modifiers() -> [String] { (0..<Int.random(in: 0...3, using: &rng)).map { _ in pick(["GP", "GO", "CQ", "KX", "59"]) } }
        func finding() -> Finding {
            Finding(
                id: pick(FindingID.allCases), severity: pick(Severity.allCases),
                lines: (0..<Int.random(in: 0...3, using: &rng)).map { $0 }, message: text(), fix: text(), source: text()
            )
        }
        let lines = (0..<Int.random(in: 0...5, using: &rng)).map { index in
            ScrubResult.LineResult(
                index: index, code: pick(["97530", "97110", "97150"]), timed: Bool.random(using: &rng),
                minutes: maybe { Int.random(in: 0...120, using: &rng) }, units: Int.random(in: 0...8, using: &rng),
                proposedUnits: maybe { Int.random(in: 0...8, using: &rng) }, requiredModifiers: modifiers(),
                missingModifiers: modifiers(), unexpectedModifiers: modifiers(),
                dateOfService: maybe { CalendarDate(year: 2026, month: 3, day: 1 + index) ?? .epoch },
                dateOfServiceThrough: maybe { CalendarDate(year: 2026, month: 4, day: 1 + index) ?? .epoch },
                ruleset: maybe { pick(["2026Q1", "2026Q2"]) }
            )
        }
        let conflicts = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            ScrubResult.Conflict(
                id: pick(FindingID.allCases), column1: "97530", column2: "97150", lines: [0, 1],
                modifierIndicator: maybe { pick([0, 1, 9]) }, resolved: Bool.random(using: &rng), severity: pick(Severity.allCases),
                message: text(), fix: text(), source: text()
            )
        }
        let ruleset = ScrubResult.RulesetRef(
            id: "default-2026", effective: CalendarDate(year: 2026, month: 1, day: 1) ?? CalendarDate.epoch,
            quarter: maybe { "2026Q1" }, digest: "sha256:" + String(repeating: "ab", count: 32)
        )
        return ScrubResult(
            claimId: maybe(text), status: pick(ScrubResult.Status.allCases), payer: pick(["medicare", "commercial-ama"]),
            unitMethod: pick(UnitMethod.allCases), ruleset: ruleset, totalTimedMinutes: Int.random(in: 0...300, using: &rng),
            lines: lines, conflicts: conflicts, errors: (0..<Int.random(in: 0...3, using: &rng)).map { _ in finding() },
            warnings: (0..<Int.random(in: 0...3, using: &rng)).map { _ in finding() }, correctedClaim: RandomClaim.make(&rng),
            rulesets: maybe { [ruleset, ScrubResult.RulesetRef(id: "2026Q2", effective: CalendarDate(year: 2026, month: 4, day: 1) ?? .epoch,
                                                              quarter: "2026Q2", digest: "q2")] }
        )
    }
}
