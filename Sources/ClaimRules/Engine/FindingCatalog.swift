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
        /// The general fix; a reported finding's `fix` is the same advice for its case (naming its
        /// codes, modifiers or units).
        public let fix: String

        init(id: FindingID, severity: Severity, trigger: String, source: String, fix: String = "") {
            self.id = id
            self.severity = severity
            self.trigger = trigger
            self.source = source
            self.fix = fix
        }
    }

    static let ch5_20_2 = "CMS Pub. 100-04 ch. 5 §20.2"
    static let ch5_20_1 = "CMS Pub. 100-04 ch. 5 §20.1"
    static let ncciPTP = "NCCI Policy Manual ch. I §D-E; CMS NCCI practitioner PTP edits"
    static let ncciMUE = "NCCI Policy Manual ch. I §V; CMS NCCI practitioner services MUE table"
    /// The article on 97530 billing and documentation cited for the documentation checks (docs/sources.md).
    static let article97530 = "TheraPlatform, \"CPT code 97530\""
    static let studentGuidance = "APTA, \"Student Supervision and Medicare\"; Therapy Comply, \"Medicare Services and Therapy Students\""

    /// Every finding id, in catalog order (the order of `FindingID.allCases`).
    public static let entries: [Entry] = FindingID.allCases.map(makeEntry(for:))

    /// Catalog rows by id, built once (the engine looks one up for every finding it reports).
    private static let byID: [FindingID: Entry] = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0) })

    /// The catalog row of an id.
    public static func entry(for id: FindingID) -> Entry {
        byID[id] ?? makeEntry(for: id)
    }

    /// Severity and source of each id, at its position in `FindingID.allCases` (what the engine needs per finding).
    private static let reported: [(id: FindingID, severity: Severity, source: String)] = entries.map { ($0.id, $0.severity, $0.source) }

    /// The severity and source of an id without hashing it or copying its catalog row.
    @inline(__always) static func reportedFacts(for id: FindingID) -> (severity: Severity, source: String) {
        let k = id.ordinal
        if k < reported.count && reported[k].id == id { return (reported[k].severity, reported[k].source) }
        let e = entry(for: id)
        return (e.severity, e.source)
    }

    private static func makeEntry(for id: FindingID) -> Entry {
        switch id {
        case .rulesetNotInForce:
            return Entry(id: id, severity: .warning,
                         trigger: "The date of service is outside the effective window of the rule set used.",
                         source: "CMS Medicare NCCI PTP edits and MUE pages (quarterly versions)",
                         fix: "Load (import) the rule set in force on the date of service, then scrub again.")
        case .ncciEditsSnapshot:
            return Entry(id: id, severity: .info,
                         trigger: "No imported NCCI quarter covers the date of service, so the built-in snapshot (the CMS practitioner edits in force on 2024-07-01, therapy codes) was used, and the date is outside that quarter (2024-07-01 to 2024-09-30).",
                         source: "CMS Medicare NCCI PTP edits and MUE pages (quarterly versions; the 2024-07-01 practitioner tables)",
                         fix: "Import the CMS practitioner PTP and MUE files of the current quarter with claim-scrubber import-ncci (see \"Quarterly NCCI update\" in the manual).")
        case .unknownPayer:
            return Entry(id: id, severity: .error,
                         trigger: "The payer has no profile in the rule set (Medicare defaults were used).",
                         source: "ClaimScrubber payer profiles (manual: Rule data)",
                         fix: "Send a payer id the service knows (GET /v1/payers lists them), or add a profile for the payer.")
        case .unknownCode:
            return Entry(id: id, severity: .warning,
                         trigger: "A line's code is not in the rule set's code table; units and modifiers were not checked.",
                         source: "ClaimScrubber code table (manual: Rule data)",
                         fix: "Check the code. If it is a therapy code, add it to the rule data's code table.")
        case .unitsAboveComputed:
            return Entry(id: id, severity: .error,
                         trigger: "Proposed units exceed the units the minutes support under the payer's unit method.",
                         source: ch5_20_2,
                         fix: "Bill the units the minutes support, or correct the minutes if they were recorded wrong.")
        case .unitsBelowComputed:
            return Entry(id: id, severity: .warning,
                         trigger: "Proposed units are below the units the minutes support (revenue lost).",
                         source: ch5_20_2,
                         fix: "Bill the units the minutes support if the note supports the minutes.")
        case .timedCodeMissingMinutes:
            return Entry(id: id, severity: .error,
                         trigger: "A timed (15-minute) code has neither minutes nor units, so there is nothing to bill or check (units without minutes are EIGHT_MINUTE_RULE_NOT_VERIFIED).",
                         source: "CMS Pub. 100-04 ch. 5 §20.2; Pub. 100-02 ch. 15 §220.3 E",
                         fix: "Send the units billed and the line's direct one-on-one minutes; the note must record total timed minutes.")
        case .timedCodeMultipleLines:
            return Entry(id: id, severity: .error,
                         trigger: "The same timed code appears on more than one line for the date of service.",
                         source: "First Coast Service Options (Medicare MAC), therapy units article: one line per timed code per date, claims received from 2021-04-19",
                         fix: "Report the code once for the date, with the total minutes and units on a single line.")
        case .noBillableUnits:
            return Entry(id: id, severity: .info,
                         trigger: "A timed line earns no units under the unit method (e.g. total time constrains the units).",
                         source: "CMS Pub. 100-04 ch. 5 §20.2 (example 4)",
                         fix: "Do not bill units for the line, but keep the service and its minutes in the treatment note.")
        case .therapyModifierMissing:
            return Entry(id: id, severity: .error,
                         trigger: "A therapy code lacks its GP/GO/GN therapy modifier.",
                         source: ch5_20_1,
                         fix: "Add GP (PT plan of care), GO (OT) or GN (SLP) to the line.")
        case .therapyModifierMultiple:
            return Entry(id: id, severity: .error,
                         trigger: "A line carries more than one of GP, GO and GN.",
                         source: ch5_20_1,
                         fix: "Keep only the modifier of the plan of care the service was furnished under.")
        case .therapyModifierMismatch:
            return Entry(id: id, severity: .error,
                         trigger: "The therapy modifier does not match the discipline of the provider or of a discipline-specific code.",
                         source: "CMS Pub. 100-04 ch. 5 §20.1; CMS CR 10176 (Transmittal 3814)",
                         fix: "Use the therapy modifier of the discipline whose plan of care the service was furnished under.")
        case .disciplineNotAllowedForCode:
            return Entry(id: id, severity: .error,
                         trigger: "The line's discipline may not bill the code (e.g. a PT billing an OT evaluation).",
                         source: "CMS Pub. 100-04 ch. 5 §20.2 D; NCCI Policy Manual ch. XI §P.1",
                         fix: "Bill the code under a discipline that may report it, or use the right code for the discipline.")
        case .assistantModifierMissing:
            return Entry(id: id, severity: .error,
                         trigger: "An assistant furnished more than the de minimis share of a unit (or of an untimed service) and CQ/CO is missing.",
                         source: "CMS Pub. 100-04 ch. 5 §20.1; CY 2020 and CY 2022 PFS final rules (de minimis 10%); CMS \"Billing Examples Using CQ/CO Modifiers\"",
                         fix: "Add CQ (with GP) or CO (with GO) to the line.")
        case .assistantModifierMismatch:
            return Entry(id: id, severity: .error,
                         trigger: "CQ is not paired with GP, or CO is not paired with GO.",
                         source: ch5_20_1,
                         fix: "Pair CQ with GP (physical therapist assistant) or CO with GO (occupational therapy assistant).")
        case .assistantModifierNotSupported:
            return Entry(id: id, severity: .warning,
                         trigger: "CQ/CO is present but the assistant minutes do not exceed the de minimis share of any unit.",
                         source: "CMS Pub. 100-04 ch. 5 §20.1; CY 2022 PFS final rule",
                         fix: "Remove CQ/CO unless the assistant furnished more of the service than the minutes sent show.")
        case .kxModifierMissing:
            return Entry(id: id, severity: .error,
                         trigger: "Year-to-date allowed amounts reached the KX threshold (PT+SLP combined, OT separate) and KX is missing.",
                         source: "CMS Pub. 100-04 ch. 5 §10.3.3",
                         fix: "Add KX if the documentation supports medical necessity; otherwise give an ABN and bill with GA instead.")
        case .kxWithoutThreshold:
            return Entry(id: id, severity: .warning,
                         trigger: "KX is present without any sign the threshold is near.",
                         source: "CMS Pub. 100-04 ch. 5 §10.3.3",
                         fix: "Remove KX until the beneficiary's year-to-date amount reaches the threshold.")
        case .targetedReviewThreshold:
            return Entry(id: id, severity: .info,
                         trigger: "Year-to-date allowed amounts reached the targeted medical review threshold ($3,000).",
                         source: "CMS Pub. 100-04 ch. 5 §10.3.4",
                         fix: "Make sure the plan of care, certification, progress reports and notes support medical necessity.")
        case .tooManyModifiers:
            return Entry(id: id, severity: .error,
                         trigger: "A line carries more modifiers than the claim form's slots (4).",
                         source: "CMS Pub. 100-04 ch. 5 §10.3.3",
                         fix: "Keep the modifiers that matter for payment on the line (on paper claims, use 99 and list the rest in item 19).")
        case .ptpNotPayable:
            return Entry(id: id, severity: .error,
                         trigger: "A PTP edit with modifier indicator 0 applies to two codes of the date: the column 2 code is not payable.",
                         source: ncciPTP,
                         fix: "Bill only the column 1 code for the date, or correct the codes if the column 2 service was not furnished.")
        case .ptpModifierRequired:
            return Entry(id: id, severity: .error,
                         trigger: "A PTP edit with modifier indicator 1 applies and the column 2 line has no 59/XE/XS/XP/XU.",
                         source: ncciPTP,
                         fix: "If the column 2 code was a distinct service (with a timed therapy code: furnished in a separate 15-minute interval), add 59 or the X modifier that says how (XU for a separate interval) and document it; otherwise do not bill it.")
        case .separateIntervalsDocumentation:
            return Entry(id: id, severity: .warning,
                         trigger: "A pair edit was bypassed with 59/X{EPSU}: the distinct service must be documented (separate 15-minute intervals when a timed therapy code is involved; a separate session, site or practitioner otherwise).",
                         source: "NCCI Policy Manual ch. I §E (modifiers 59 and X{EPSU}), ch. XI §P.2 (therapy codes in different timed intervals)",
                         fix: "Make sure the note documents what made the column 2 service distinct: separate time intervals of both codes, or a separate session, site or practitioner.")
        case .groupWithOneOnOne:
            return Entry(id: id, severity: .error,
                         trigger: "Group therapy (97150) and a one-on-one timed code on the same date without 59/XU for separate intervals.",
                         source: "NCCI Policy Manual ch. XI §P.2; Carriers Manual Transmittal 1753 (APTA, \"Coding Interpretations: One-on-One and the Group Code\")",
                         fix: "If the one-on-one code was furnished at a different time, add 59 or XU to it and document the intervals; if it was part of the group session, bill only the group code.")
        case .evaluationSameDay:
            return Entry(id: id, severity: .error,
                         trigger: "97530 or 97150 billed on the same date as a PT or OT evaluation while the payer's January 2020 edit policy is in force.",
                         source: "NCCI therapy edits announced for 2020-01-01 (WebPT, \"Breaking News: PTs and OTs See Unwelcome Changes to NCCI Edits\"), reversed 2020-01-24 (APTA, \"Payment Win: CMS Reverses Most of Its Damaging Coding Edits\"); a payer-profile policy",
                         fix: "Bill 97530 or 97150 on a different date from the evaluation, or expect it to be denied.")
        case .evaluationMoreThanOne:
            return Entry(id: id, severity: .error,
                         trigger: "More than one evaluation or re-evaluation of one discipline on the date of service.",
                         source: "NCCI Policy Manual ch. XI §P.1; CMS Pub. 100-04 ch. 5 §20.2 D",
                         fix: "Bill a single evaluation or re-evaluation of the discipline for the date.")
        case .evaluationPTAndOTSameProvider:
            return Entry(id: id, severity: .error,
                         trigger: "The same practitioner bills both a PT and an OT evaluation on the date.",
                         source: "NCCI Policy Manual ch. XI §P.1",
                         fix: "Bill only the evaluation of the practitioner's own discipline.")
        case .coTreatmentDuplicate:
            return Entry(id: id, severity: .error,
                         trigger: "Two clinicians bill the same timed code on this claim (co-treatment): patient minutes count once.",
                         source: "CMS Pub. 100-04 ch. 5 §20.3",
                         fix: "Bill the patient's minutes once, on one line, under the clinician who billed the service; remove the other line.")
        case .coTreatmentOtherClaim:
            return Entry(id: id, severity: .warning,
                         trigger: "Another clinician bills the same timed code for the patient on the date (possible co-treatment), on another claim or an earlier claim of the batch.",
                         source: "CMS Pub. 100-04 ch. 5 §20.3",
                         fix: "If it was a co-treatment session, bill those minutes on one claim only; if the sessions were separate, make sure both notes record their own times.")
        case .duplicateService:
            return Entry(id: id, severity: .error,
                         trigger: "In a batch: an earlier claim of the same patient bills the same code with the same modifiers on the same date of service.",
                         source: "CMS Pub. 100-04 ch. 1 §120 (detection of duplicate claims); MLN Matters MM8121",
                         fix: "Send the service on one claim only; if it was furnished twice, bill it once with the units of both, or mark the repeat with the modifier the payer requires (e.g. 76, 59 or XU).")
        case .timedCodeGroupTime:
            return Entry(id: id, severity: .error,
                         trigger: "A one-on-one timed code is billed for group or concurrent time.",
                         source: "Carriers Manual Transmittal 1753 (97150); CMS Pub. 100-04 ch. 5 §20.2",
                         fix: "Bill time spent with two or more patients as group therapy (97150, or 92508 for speech), one unit per session.")
        case .mueLineExceeded:
            return Entry(id: id, severity: .error,
                         trigger: "A line's units exceed the code's MUE (adjudication indicator 1, per line).",
                         source: ncciMUE,
                         fix: "Bill no more units on the line than the code's MUE; split units across lines only with an appropriate modifier.")
        case .mueDateExceeded:
            return Entry(id: id, severity: .error,
                         trigger: "The code's units summed over the date exceed its MUE (adjudication indicator 2 or 3).",
                         source: ncciMUE,
                         fix: "Bill no more units of the code for the date than its MUE. An ABN cannot shift liability for MUE denials.")
        case .providerRoleNotAllowed:
            return Entry(id: id, severity: .error,
                         trigger: "The provider's role may not bill therapy for this payer (e.g. DC, ATC or aide under Medicare).",
                         source: "CMS Pub. 100-02 ch. 15 §220, §230.5, §240",
                         fix: "Bill the services under a qualified therapist (or a physician or NPP under a therapy plan of care) who furnished or supervised them.")
        case .supervisorRequired:
            return Entry(id: id, severity: .error,
                         trigger: "An assistant or student renders the service and no supervising therapist is on the claim.",
                         source: "CMS Pub. 100-02 ch. 15 §230.1-§230.4",
                         fix: "Name the supervising therapist on the claim (supervisor role and, for direct supervision, onSite).")
        case .supervisorNotQualified:
            return Entry(id: id, severity: .error,
                         trigger: "The supervisor is not a therapist of the assistant's or student's discipline (assistants cannot be billed incident to a physician).",
                         source: "CMS Pub. 100-02 ch. 15 §230.1-§230.5",
                         fix: "Name a supervising therapist of the assistant's or student's discipline.")
        case .studentTimeNotBillable:
            return Entry(id: id, severity: .error,
                         trigger: "A student's time is billed and the payer does not pay student time unless the therapist was present the whole session.",
                         source: studentGuidance,
                         fix: "Do not bill the student's time; bill only services the therapist furnished or was present for throughout, under the therapist.")
        case .studentTherapistPresent:
            return Entry(id: id, severity: .info,
                         trigger: "A student participated with the therapist present: only the therapist's service is billable.",
                         source: studentGuidance,
                         fix: "Bill under the supervising therapist, and make sure the note records the therapist's presence.")
        case .assistantChangedActivity:
            return Entry(id: id, severity: .warning,
                         trigger: "The assistant changed the activity and no supervision or collaboration with the therapist is documented.",
                         source: "CMS Pub. 100-02 ch. 15 §230; TheraPlatform, \"CPT code 97530\" (compliance)",
                         fix: "Document the therapist's direction or collaboration for the change, or have the therapist review it.")
        case .progressReportDue:
            return Entry(id: id, severity: .warning,
                         trigger: "The treatment days since the last progress report reach the payer's period (10) and no report is written today.",
                         source: "CMS Pub. 100-02 ch. 15 §220.3 D",
                         fix: "Have the therapist write a progress report today (a late report must follow within 7 calendar days).")
        case .continuedNeedUndocumented:
            return Entry(id: id, severity: .warning,
                         trigger: "The visit number is beyond the payer's limit (10) and continued skilled need is not documented.",
                         source: "CMS Pub. 100-02 ch. 15 §220.2-§220.3; TheraPlatform, \"CPT code 97530\" (10-12 visits)",
                         fix: "Document why the patient still needs a therapist's skills (progress toward goals, complexity, safety).")
        case .activityDescriptionMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "97530 is billed and the note does not describe the specific activity.",
                         source: "CMS Pub. 100-02 ch. 15 §220.3 E; TheraPlatform, \"CPT code 97530\"",
                         fix: "Describe the activity (e.g. the functional task simulated) in the note.")
        case .assistanceTypeMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "97530 is billed and the note does not record the type of assistance.",
                         source: "TheraPlatform, \"CPT code 97530\" (documentation)",
                         fix: "Record the type of assistance (e.g. verbal cues, tactile, physical).")
        case .assistanceLevelMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "97530 is billed and the note does not record the level of assistance.",
                         source: "TheraPlatform, \"CPT code 97530\" (documentation)",
                         fix: "Record the amount of assistance (e.g. minimal, moderate, maximal).")
        case .goalLinkMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "The note does not link today's treatment to a plan-of-care goal (not checked on evaluation-only visits).",
                         source: "CMS Pub. 100-02 ch. 15 §220.1.2, §220.3; TheraPlatform, \"CPT code 97530\"",
                         fix: "Link the treatment to the plan-of-care goals it works toward.")
        case .functionalDeficitsMissing:
            return Entry(id: id, severity: .warning,
                         trigger: "The note does not record the functional deficits treated (not checked on evaluation-only visits).",
                         source: "CMS Pub. 100-02 ch. 15 §220.3; TheraPlatform, \"CPT code 97530\"",
                         fix: "Record the loss of function the treatment addresses and how it limits the patient.")
        case .documentationNotProvided:
            return Entry(id: id, severity: .info,
                         trigger: "No documentation facts were sent, so the treatment-note checks (activity, assistance, goals, deficits) did not run.",
                         source: "CMS Pub. 100-02 ch. 15 §220.3",
                         fix: "Send context.documentation to check the treatment note's required elements.")
        case .dateOutsidePlanOfCare:
            return Entry(id: id, severity: .error,
                         trigger: "The date of service is before the certified plan of care starts, after it ends, or beyond its 90-day limit.",
                         source: "CMS Pub. 100-02 ch. 15 §220.1.3",
                         fix: "Get the plan of care certified or recertified for this date before billing.")
        case .certificationTooLong:
            return Entry(id: id, severity: .warning,
                         trigger: "The certified period is longer than the payer's limit (90 days).",
                         source: "CMS Pub. 100-02 ch. 15 §220.1.3",
                         fix: "Recertify the plan of care within the payer's limit (90 days).")
        case .timedCodeDateRange:
            return Entry(id: id, severity: .error,
                         trigger: "A timed (15-minute) code is billed on a line with a date range; timed units are counted per calendar day.",
                         source: "CMS Pub. 100-04 ch. 5 §20.2 B-C; Medicare single-line rule for timed codes (claims from 2021-04-19)",
                         fix: "Bill the code on one line per date of service, each with that day's units.")
        case .eightMinuteRuleNotVerified:
            return Entry(id: id, severity: .info,
                         trigger: "Timed lines carry units but no minutes (an 837P has none), so the 8-minute rule could not be verified; once per claim.",
                         source: "CMS Pub. 100-04 ch. 5 §20.2; Pub. 100-02 ch. 15 §220.3 (minutes are recorded in the treatment note)",
                         fix: "Send each timed line's direct one-on-one minutes (from the treatment note) to have its units verified.")
        case .timedUnitsAboveDailyLimit:
            return Entry(id: id, severity: .warning,
                         trigger: "Without minutes, the timed units one discipline bills for one date exceed the payer profile's daily ceiling (maxTimedUnitsPerDay).",
                         source: "CMS Pub. 100-04 ch. 5 §20.2 C (units follow the total timed minutes of the day)",
                         fix: "Check the units against the timed minutes the treatment note records for that date, and send the minutes.")
        case .assistantModifierUnverified:
            return Entry(id: id, severity: .warning,
                         trigger: "An assistant took part in a line (assistantInvolved) whose assistant minutes are unknown, and CQ/CO is missing.",
                         source: "CMS Pub. 100-04 ch. 5 §20.1; CY 2022 PFS final rule (de minimis 10%)",
                         fix: "Add CQ (PTA) or CO (OTA) unless the assistant furnished no more than the de minimis share; send assistantMinutes to have it checked.")
        case .diagnosisMissing:
            return Entry(id: id, severity: .error,
                         trigger: "The claim carries billing content (charges, place of service, billing provider, frequency or diagnosis pointers) but no diagnosis code.",
                         source: "CMS Pub. 100-04 ch. 26 §10.4 (item 21); ASC X12 837P (005010X222A1) loop 2300 HI",
                         fix: "Send the diagnoses (ICD-10-CM, first-listed first) and each line's diagnosisPointers.")
        case .diagnosisPointerMissing:
            return Entry(id: id, severity: .error,
                         trigger: "The claim lists diagnoses and a line points to none of them.",
                         source: "CMS Pub. 100-04 ch. 26 §10.4 (item 24E); ASC X12 837P (005010X222A1) SV107",
                         fix: "Give each line the positions of the diagnoses it treats (diagnosisPointers, the primary one first).")
        case .diagnosisPointerInvalid:
            return Entry(id: id, severity: .error,
                         trigger: "A line's diagnosis pointer names a position the claim's diagnosis list does not have, or repeats a pointer.",
                         source: "CMS Pub. 100-04 ch. 26 §10.4 (item 24E); ASC X12 837P (005010X222A1) SV107",
                         fix: "Point the line to positions of the claim's diagnosis list (1 is the first-listed), each once.")
        case .diagnosisTooManyPointers:
            return Entry(id: id, severity: .error,
                         trigger: "A line carries more than 4 diagnosis pointers (the claim form and the 837P have 4).",
                         source: "CMS Pub. 100-04 ch. 26 §10.4 (item 24E); ASC X12 837P (005010X222A1) SV107",
                         fix: "Keep the 4 diagnoses most relevant to the service, the primary one first.")
        case .diagnosisDuplicate:
            return Entry(id: id, severity: .warning,
                         trigger: "The same ICD-10-CM code is listed more than once (with or without the dot).",
                         source: "CMS Pub. 100-04 ch. 26 §10.4 (item 21)",
                         fix: "List each ICD-10-CM code once and point the lines to that position.")
        case .diagnosisNotValid:
            return Entry(id: id, severity: .error,
                         trigger: "A diagnosis is not an ICD-10-CM code of the release in force on the date of service.",
                         source: "ICD-10-CM code set (CDC/NCHS and CMS), fiscal-year release in force on the date of service",
                         fix: "Check the code against the ICD-10-CM release for the date of service (a code may be new, deleted or mistyped).")
        case .diagnosisNotBillable:
            return Entry(id: id, severity: .error,
                         trigger: "A diagnosis is a category or subcategory header, not a billable (leaf) code: it needs more characters.",
                         source: "ICD-10-CM Official Guidelines for Coding and Reporting, Section I.B.2 (level of detail)",
                         fix: "Code to the highest number of characters available (including a 7th character where required).")
        case .diagnosisCodeSetUnavailable:
            return Entry(id: id, severity: .info,
                         trigger: "ICD-10-CM releases are loaded but none covers a date of service, so that date's diagnosis codes were not checked against the code set; once per claim.",
                         source: "ICD-10-CM code set (CDC/NCHS and CMS), fiscal-year releases",
                         fix: "Load the ICD-10-CM release (fiscal year, October 1 to September 30) that covers the dates of service.")
        case .diagnosisCodeSetEarlierRelease:
            return Entry(id: id, severity: .info,
                         trigger: "No loaded ICD-10-CM release covers a date of service after the newest release's window, so the newest earlier release judged its diagnoses (codes it lacks are warnings, not errors); once per claim, naming the release.",
                         source: "ICD-10-CM code set (CDC/NCHS and CMS), fiscal-year releases effective October 1",
                         fix: "Import the ICD-10-CM release of the date of service's fiscal year (the CMS order file) with claim-scrubber import-icd10cm FILE.")
        case .diagnosisNotConfirmed:
            return Entry(id: id, severity: .warning,
                         trigger: "A diagnosis is absent from, or a heading in, the newest earlier ICD-10-CM release that judged a date after every loaded release's window: it may be new or expanded in the current fiscal year, so it is not called invalid.",
                         source: "ICD-10-CM code set (CDC/NCHS and CMS), fiscal-year releases effective October 1",
                         fix: "Import the ICD-10-CM release of the date of service's fiscal year with claim-scrubber import-icd10cm FILE and scrub again; if the code is still flagged, correct it.")
        case .diagnosisExternalCauseFirst:
            return Entry(id: id, severity: .error,
                         trigger: "An external-cause code (V00-Y99) is first-listed on the claim or first on a line.",
                         source: "ICD-10-CM Official Guidelines for Coding and Reporting, Section I.C.20",
                         fix: "List the injury or condition treated first and the external-cause code after it.")
        case .diagnosisManifestationFirst:
            return Entry(id: id, severity: .error,
                         trigger: "A manifestation code (\"code first\" the underlying condition) is first-listed on the claim or first on a line.",
                         source: "ICD-10-CM Official Guidelines for Coding and Reporting, Section I.A.13 (etiology/manifestation)",
                         fix: "List the underlying (etiology) condition first and the manifestation code after it.")
        case .chargeMissing:
            return Entry(id: id, severity: .error,
                         trigger: "The claim carries charges (a total or other lines' charges) and a line has none.",
                         source: "CMS Pub. 100-04 ch. 26 §10.4 (item 24F); ASC X12 837P (005010X222A1) SV102",
                         fix: "Send each line's charge (the provider's usual fee for its units).")
        case .totalChargeMismatch:
            return Entry(id: id, severity: .error,
                         trigger: "The claim's totalCharge is not the sum of the lines' charges.",
                         source: "CMS Pub. 100-04 ch. 26 §10.4 (item 28); ASC X12 837P (005010X222A1) CLM02",
                         fix: "Send the sum of the line charges as totalCharge, or correct the line charges.")
        case .placeOfServiceInvalid:
            return Entry(id: id, severity: .error,
                         trigger: "A place of service is not a CMS place-of-service code in effect on the line's date of service.",
                         source: "CMS Place of Service Code Set; CMS Pub. 100-04 ch. 26 §10.5",
                         fix: "Use the two-digit CMS code of the setting where the service was furnished (11 office, 12 home, ...).")
        case .placeOfServiceInstitutional:
            return Entry(id: id, severity: .warning,
                         trigger: "Outpatient therapy in a facility setting (e.g. 19, 21, 22, 23, 31, 61, 62) is billed by the facility on the institutional claim (UB-04/837I, revenue codes 042x/043x/044x), not on a professional claim.",
                         source: "CMS Pub. 100-04 ch. 5 §40.2-§40.3 (institutional outpatient therapy claims: types of bill, revenue codes); CMS Place of Service Code Set",
                         fix: "Send the services to the facility's institutional billing (UB-04/837I), or correct the place of service if they were furnished elsewhere.")
        case .npiInvalid:
            return Entry(id: id, severity: .error,
                         trigger: "A billing, rendering or supervising NPI is not 10 digits or fails the check digit (Luhn formula with the 80840 prefix).",
                         source: "CMS, Requirements for the NPI check digit (Luhn formula, prefix 80840); 45 CFR 162.406",
                         fix: "Send the provider's NPI exactly as issued (NPPES registry), 10 digits.")
        case .taxonomyRoleMismatch:
            return Entry(id: id, severity: .warning,
                         trigger: "The rendering provider's NUCC taxonomy names another profession than the provider's role (e.g. a PT taxonomy on an OTA).",
                         source: "NUCC Health Care Provider Taxonomy code set; ASC X12 837P (005010X222A1) PRV03",
                         fix: "Send the taxonomy the rendering provider is enrolled with for this role (NPPES), or correct the role.")
        case .taxonomyModifierMismatch:
            return Entry(id: id, severity: .warning,
                         trigger: "A line's GP/GO/GN names another discipline than the rendering or billing provider's therapy taxonomy.",
                         source: "NUCC Health Care Provider Taxonomy code set; CMS Pub. 100-04 ch. 5 §20.1",
                         fix: "Bill each discipline's services under a provider of that discipline, or correct the therapy modifier.")
        case .originalClaimIdMissing:
            return Entry(id: id, severity: .error,
                         trigger: "A replacement (frequency 7) or void (frequency 8) claim does not name the original claim (originalClaimId).",
                         source: "CMS Pub. 100-04 ch. 26 §10.4 (item 22); ASC X12 837P (005010X222A1) CLM05-3 and REF*F8",
                         fix: "Send originalClaimId (837P REF*F8), or send the claim as an original (frequency 1).")
        case .batchHistoryIncomplete:
            return Entry(id: id, severity: .info,
                         trigger: "In a large batch: earlier claims of this patient were past the batch's memory bound, so the checks across claims and the derived visit counts used only the claims since then.",
                         source: "Batch cross-claim checks (the memory bound of one batch)",
                         fix: "Send a patient's claims close together in the batch (e.g. sorted by patient), or in smaller batches.")
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
