import ClaimRules

/// SplitMix64 for reproducible random claims.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random schema-valid claims (every optional field sometimes present), for round-trip properties.
enum RandomClaim {
    static func make(_ rng: inout SeededRandom) -> Claim {
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &rng) ? make() : nil }
        func text() -> String {
            let pool = ["a", "Z", "9", "-", " ", "\u{E9}", "\"", "\\", "\n", "\u{1F600}", "/"]
            return (0..<Int.random(in: 1...6, using: &rng)).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] }.joined()
        }
        func date() -> CalendarDate {
            CalendarDate(year: Int.random(in: 2000...2030, using: &rng), month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))
                ?? CalendarDate(year: 2026, month: 1, day: 1)!
        }
        func role() -> Role { Role.allCases[Int.random(in: 0..<Role.allCases.count, using: &rng)] }
        func count() -> Int { Int.random(in: 0...500, using: &rng) }
        func modifiers() -> [String] { (0..<Int.random(in: 0...4, using: &rng)).map { _ in ["GP", "GO", "GN", "CQ", "59", "KX"][Int.random(in: 0..<6, using: &rng)] } }
        func money() -> Money { Money(cents: Int64.random(in: 1...99_999_999, using: &rng)) }
        let lines = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
            Claim.Line(
                code: ["97530", "97110", "97150", "97161", "92507"][Int.random(in: 0..<5, using: &rng)],
                dateOfService: maybe(date), dateOfServiceThrough: maybe(date),
                minutes: maybe(count), units: maybe { Int.random(in: 0...8, using: &rng) }, modifiers: maybe(modifiers),
                setting: maybe { Setting.allCases[Int.random(in: 0..<3, using: &rng)] }, assistantMinutes: maybe(count),
                assistantInvolved: maybe { Bool.random(using: &rng) }, clinicianId: maybe(text),
                diagnosisPointers: maybe { (0..<Int.random(in: 0...5, using: &rng)).map { _ in Int.random(in: 1...12, using: &rng) } },
                charge: maybe(money), placeOfService: maybe { ["11", "12", "22", "45"][Int.random(in: 0..<4, using: &rng)] }
            )
        }
        let context = maybe {
            Claim.Context(
                treatmentDaysSinceProgressReport: maybe(count), visitNumber: maybe(count), progressReportToday: maybe { Bool.random(using: &rng) },
                planOfCare: maybe { Claim.PlanOfCare(certifiedFrom: maybe(date), certifiedThrough: maybe(date), goalIds: maybe { [text(), text()] }) },
                yearToDateAllowed: maybe { Claim.YearToDateAllowed(ptSlp: maybe { Double(Int.random(in: 0...400_000, using: &rng)) / 100 }, ot: maybe { Double(count()) }) },
                documentation: maybe {
                    Claim.Documentation(
                        activityDescription: maybe { Bool.random(using: &rng) }, assistanceType: maybe { Bool.random(using: &rng) },
                        assistanceLevel: maybe { Bool.random(using: &rng) }, goalIds: maybe { [text()] },
                        functionalDeficits: maybe { Bool.random(using: &rng) }, continuedSkilledNeed: maybe { Bool.random(using: &rng) },
                        supervisionDocumented: maybe { Bool.random(using: &rng) }, activityChangedByAssistant: maybe { Bool.random(using: &rng) }
                    )
                },
                otherServicesToday: maybe { [Claim.OtherService(code: "97530", role: role(), clinicianId: maybe(text), modifiers: maybe(modifiers),
                                                                 dateOfService: maybe(date))] }
            )
        }
        return Claim(
            claimId: maybe(text), payer: ["medicare", "medicare-advantage", "commercial-ama"][Int.random(in: 0..<3, using: &rng)],
            // The claim's date is optional only when every line has its own (the decoder's rule).
            dateOfService: lines.allSatisfy { $0.dateOfService != nil } ? maybe(date) : date(), frequency: maybe { ClaimFrequency.allCases[Int.random(in: 0..<3, using: &rng)] },
            originalClaimId: maybe(text), placeOfService: maybe { "11" }, totalCharge: maybe(money),
            diagnoses: maybe { (0..<Int.random(in: 0...4, using: &rng)).map { _ in ["M62.81", "R262", "I69.351", "w19.xxxa"][Int.random(in: 0..<4, using: &rng)] } },
            billingProvider: maybe { Claim.BillingProvider(npi: text(), taxonomy: maybe { "225100000X" }) },
            provider: Claim.Provider(npi: maybe(text), role: role(), taxonomy: maybe { "225X00000X" }),
            supervisor: maybe { Claim.Supervisor(npi: maybe(text), role: role(), onSite: maybe { Bool.random(using: &rng) }) },
            patientRef: maybe(text), lines: lines, context: context
        )
    }
}
