/// The documented catalog of finding ids: severity, what triggers it, and the source of the rule.
/// The findings table of docs/findings.md is generated from `entries`.
public enum FindingCatalog {
    /// One catalog row.
    public struct Entry: Sendable, Equatable {
        public let id: FindingID
        /// Severity the engine reports it with.
        public let severity: Severity
        /// What triggers it, in plain English.
        public let trigger: String
        /// The rule's citation.
        public let source: String
    }

    static let ch5_20_2 = "CMS Pub. 100-04 ch. 5 §20.2"
    static let ch5_20_1 = "CMS Pub. 100-04 ch. 5 §20.1"
    static let ncciPTP = "NCCI Policy Manual ch. I §D-E; CMS NCCI PTP edits"
    static let ncciMUE = "NCCI Policy Manual ch. I §V; CMS NCCI MUE"

    /// Every finding id, in catalog order (the order of `FindingID.allCases`).
    public static let entries: [Entry] = FindingID.allCases.map(makeEntry(for:))

    /// Catalog rows by id, built once (the engine looks one up for every finding it reports).
    private static let byID: [FindingID: Entry] = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0) })

    /// The catalog row of an id.
    public static func entry(for id: FindingID) -> Entry {
        byID[id] ?? makeEntry(for: id)
    }

    private static func makeEntry(for id: FindingID) -> Entry {
        switch id {
        case .rulesetNotInForce:
            return Entry(id: id, severity: .warning,
                         trigger: "The date of service is outside the effective window of the rule set used.",
                         source: "NCCI quarterly PTP/MUE versions (CMS NCCI edits pages)")
        case .unknownPayer:
            return Entry(id: id, severity: .error,
                         trigger: "The payer has no profile in the rule set (Medicare defaults were used).",
                         source: "Payer profile (rule data)")
        case .unknownCode:
            return Entry(id: id, severity: .warning,
                         trigger: "A line's code is not in the rule set's code table; units and modifiers were not checked.",
                         source: "Code table (rule data)")
        case .unitsAboveComputed:
            return Entry(id: id, severity: .error,
                         trigger: "Proposed units exceed the units the minutes support under the payer's unit method.",
                         source: ch5_20_2)
        case .unitsBelowComputed:
            return Entry(id: id, severity: .warning,
                         trigger: "Proposed units are below the units the minutes support (revenue lost).",
                         source: ch5_20_2)
        case .timedCodeMissingMinutes:
            return Entry(id: id, severity: .error,
                         trigger: "A timed (15-minute) code has no minutes, so its units cannot be checked.",
                         source: ch5_20_2 + "; Pub. 100-02 ch. 15 §220.3 E")
        case .timedCodeMultipleLines:
            return Entry(id: id, severity: .error,
                         trigger: "The same timed code appears on more than one line for the date of service.",
                         source: "Medicare single-line rule for timed codes (claims from 2021-04-19; FCSO therapy units article)")
        case .noBillableUnits:
            return Entry(id: id, severity: .info,
                         trigger: "A timed line earns no units under the unit method (e.g. total time constrains the units).",
                         source: ch5_20_2 + " (example 4)")
        case .therapyModifierMissing:
            return Entry(id: id, severity: .error,
                         trigger: "A therapy code lacks its GP/GO/GN therapy modifier.",
                         source: ch5_20_1)
        case .therapyModifierMultiple:
            return Entry(id: id, severity: .error,
                         trigger: "A line carries more than one of GP, GO and GN.",
                         source: ch5_20_1)
        case .therapyModifierMismatch:
            return Entry(id: id, severity: .error,
                         trigger: "The therapy modifier does not match the discipline of the provider or of a discipline-specific code.",
                         source: ch5_20_1 + "; CR 10176")
        case .disciplineNotAllowedForCode:
            return Entry(id: id, severity: .error,
                         trigger: "The line's discipline may not bill the code (e.g. a PT billing an OT evaluation).",
                         source: ch5_20_2 + " D; NCCI Policy Manual ch. XI §P.1")
        case .assistantModifierMissing:
            return Entry(id: id, severity: .error,
                         trigger: "An assistant furnished more than the de minimis share of a unit (or of an untimed service) and CQ/CO is missing.",
                         source: ch5_20_1 + "; CY 2020/2022 PFS final rules (de minimis 10%)")
        case .assistantModifierMismatch:
            return Entry(id: id, severity: .error,
                         trigger: "CQ is not paired with GP, or CO is not paired with GO.",
                         source: ch5_20_1)
        case .assistantModifierNotSupported:
            return Entry(id: id, severity: .warning,
                         trigger: "CQ/CO is present but the assistant minutes do not exceed the de minimis share of any unit.",
                         source: ch5_20_1 + "; CY 2022 PFS final rule")
        case .kxModifierMissing:
            return Entry(id: id, severity: .error,
                         trigger: "Year-to-date allowed amounts reached the KX threshold (PT+SLP combined, OT separate) and KX is missing.",
                         source: "CMS Pub. 100-04 ch. 5 §10.3.3")
        case .kxWithoutThreshold:
            return Entry(id: id, severity: .warning,
                         trigger: "KX is present without any sign the threshold is near.",
                         source: "CMS Pub. 100-04 ch. 5 §10.3.3")
        case .targetedReviewThreshold:
            return Entry(id: id, severity: .info,
                         trigger: "Year-to-date allowed amounts reached the targeted medical review threshold ($3,000).",
                         source: "CMS Pub. 100-04 ch. 5 §10.3.4")
        case .tooManyModifiers:
            return Entry(id: id, severity: .error,
                         trigger: "A line carries more modifiers than the claim form's slots (4).",
                         source: "CMS Pub. 100-04 ch. 5 §10.3.3")
        case .ptpNotPayable:
            return Entry(id: id, severity: .error,
                         trigger: "A PTP edit with modifier indicator 0 applies to two codes of the date: the column 2 code is not payable.",
                         source: ncciPTP)
        case .ptpModifierRequired:
            return Entry(id: id, severity: .error,
                         trigger: "A PTP edit with modifier indicator 1 applies and the column 2 line has no 59/XE/XS/XP/XU.",
                         source: ncciPTP)
        case .separateIntervalsDocumentation:
            return Entry(id: id, severity: .warning,
                         trigger: "A pair edit was bypassed with 59/X{EPSU}: separate 15-minute intervals must be documented.",
                         source: "NCCI Policy Manual ch. XI §P.2; CMS modifier 59 article, example 9")
        case .groupWithOneOnOne:
            return Entry(id: id, severity: .error,
                         trigger: "Group therapy (97150) and a one-on-one timed code on the same date without 59/XU for separate intervals.",
                         source: "NCCI Policy Manual ch. XI §P.2; Carriers Manual Transmittal 1753")
        case .evaluationSameDay:
            return Entry(id: id, severity: .error,
                         trigger: "97530 or 97150 billed on the same date as a PT or OT evaluation while the payer's January 2020 edit policy is in force.",
                         source: "NCCI PTP edits of 2020-01-01 (reversed 2020-01-24; APTA/WebPT Jan 2020)")
        case .evaluationMoreThanOne:
            return Entry(id: id, severity: .error,
                         trigger: "More than one evaluation or re-evaluation of one discipline on the date of service.",
                         source: "NCCI Policy Manual ch. XI §P.1; " + ch5_20_2 + " D")
        case .evaluationPTAndOTSameProvider:
            return Entry(id: id, severity: .error,
                         trigger: "The same practitioner bills both a PT and an OT evaluation on the date.",
                         source: "NCCI Policy Manual ch. XI §P.1")
        case .coTreatmentDuplicate:
            return Entry(id: id, severity: .error,
                         trigger: "Two clinicians bill the same timed code on this claim (co-treatment): patient minutes count once.",
                         source: "CMS Pub. 100-04 ch. 5 §20.3")
        case .coTreatmentOtherClaim:
            return Entry(id: id, severity: .warning,
                         trigger: "Another clinician bills the same timed code for the patient on the date (possible co-treatment).",
                         source: "CMS Pub. 100-04 ch. 5 §20.3")
        case .timedCodeGroupTime:
            return Entry(id: id, severity: .error,
                         trigger: "A one-on-one timed code is billed for group or concurrent time.",
                         source: "Carriers Manual Transmittal 1753 (97150); " + ch5_20_2)
        case .mueLineExceeded:
            return Entry(id: id, severity: .error,
                         trigger: "A line's units exceed the code's MUE (adjudication indicator 1, per line).",
                         source: ncciMUE)
        case .mueDateExceeded:
            return Entry(id: id, severity: .error,
                         trigger: "The code's units summed over the date exceed its MUE (adjudication indicator 2 or 3).",
                         source: ncciMUE)
        case .providerRoleNotAllowed:
            return Entry(id: id, severity: .error,
                         trigger: "The provider's role may not bill therapy for this payer (e.g. DC, ATC or aide under Medicare).",
                         source: "CMS Pub. 100-02 ch. 15 §220, §230.5, §240")
        case .supervisorRequired:
            return Entry(id: id, severity: .error,
                         trigger: "An assistant or student renders the service and no supervising therapist is on the claim.",
                         source: "CMS Pub. 100-02 ch. 15 §230.1-§230.4")
        case .supervisorNotQualified:
            return Entry(id: id, severity: .error,
                         trigger: "The supervisor is not a therapist of the assistant's or student's discipline (assistants cannot be billed incident to a physician).",
                         source: "CMS Pub. 100-02 ch. 15 §230.1-§230.5")
        case .studentTimeNotBillable:
            return Entry(id: id, severity: .error,
                         trigger: "A student's time is billed and the payer does not pay student time unless the therapist was present the whole session.",
                         source: "Medicare Part B student guidance (APTA; domain-rules §6)")
        case .studentTherapistPresent:
            return Entry(id: id, severity: .info,
                         trigger: "A student participated with the therapist present: only the therapist's service is billable.",
                         source: "Medicare Part B student guidance (APTA; domain-rules §6)")
        case .assistantChangedActivity:
            return Entry(id: id, severity: .warning,
                         trigger: "The assistant changed the activity and no supervision or collaboration with the therapist is documented.",
                         source: "CMS Pub. 100-02 ch. 15 §230; seed article (97530 compliance)")
        case .progressReportDue:
            return Entry(id: id, severity: .warning,
                         trigger: "The treatment days since the last progress report reach the payer's period (10) and no report is written today.",
                         source: "CMS Pub. 100-02 ch. 15 §220.3 D")
        case .continuedNeedUndocumented:
            return Entry(id: id, severity: .warning,
                         trigger: "The visit number is beyond the payer's limit (10) and continued skilled need is not documented.",
                         source: "CMS Pub. 100-02 ch. 15 §220.2-§220.3; seed article (10-12 visits)")
        case .activityDescriptionMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "97530 is billed and the note does not describe the specific activity.",
                         source: "CMS Pub. 100-02 ch. 15 §220.3 E; seed article")
        case .assistanceTypeMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "97530 is billed and the note does not record the type of assistance.",
                         source: "Seed article (97530 documentation)")
        case .assistanceLevelMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "97530 is billed and the note does not record the level of assistance.",
                         source: "Seed article (97530 documentation)")
        case .goalLinkMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "The note does not link today's treatment to a plan-of-care goal (not checked on evaluation-only visits).",
                         source: "CMS Pub. 100-02 ch. 15 §220.1.2, §220.3; seed article")
        case .functionalDeficitsMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "The note does not record the functional deficits treated (not checked on evaluation-only visits).",
                         source: "CMS Pub. 100-02 ch. 15 §220.3; seed article")
        case .documentationNotProvided:
            return Entry(id: id, severity: .info,
                         trigger: "No documentation facts were sent, so the treatment-note checks (activity, assistance, goals, deficits) did not run.",
                         source: "CMS Pub. 100-02 ch. 15 §220.3")
        case .dateOutsidePlanOfCare:
            return Entry(id: id, severity: .error,
                         trigger: "The date of service is before the certified plan of care starts, after it ends, or beyond its 90-day limit.",
                         source: "CMS Pub. 100-02 ch. 15 §220.1.3")
        case .certificationTooLong:
            return Entry(id: id, severity: .warning,
                         trigger: "The certified period is longer than the payer's limit (90 days).",
                         source: "CMS Pub. 100-02 ch. 15 §220.1.3")
        }
    }
}

extension FindingCatalog {
    /// The catalog as a Markdown table (id, severity, trigger, source), for docs/findings.md.
    public static func markdownTable() -> String {
        var out = "| id | severity | what triggers it | source |\n|---|---|---|---|\n"
        for e in entries {
            out += "| `\(e.id.rawValue)` | \(e.severity.rawValue) | \(e.trigger.replacingPipes) | \(e.source.replacingPipes) |\n"
        }
        return out
    }
}

private extension String {
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
