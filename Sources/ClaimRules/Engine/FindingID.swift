/// Every finding the engine can report. Raw values are the stable public ids (SCREAMING_SNAKE);
/// `FindingCatalog` documents each one.
public enum FindingID: String, Sendable, Hashable, Codable, CaseIterable {
    // Rule set and payer
    case rulesetNotInForce = "RULESET_NOT_IN_FORCE"
    case ncciEditsSnapshot = "NCCI_EDITS_SNAPSHOT"
    case unknownPayer = "UNKNOWN_PAYER"
    case unknownCode = "UNKNOWN_CODE"
    // Units
    case unitsAboveComputed = "UNITS_ABOVE_COMPUTED"
    case unitsBelowComputed = "UNITS_BELOW_COMPUTED"
    case timedCodeMissingMinutes = "TIMED_CODE_MISSING_MINUTES"
    case timedCodeMultipleLines = "TIMED_CODE_MULTIPLE_LINES"
    case noBillableUnits = "NO_BILLABLE_UNITS"
    // Modifiers
    case therapyModifierMissing = "THERAPY_MODIFIER_MISSING"
    case therapyModifierMultiple = "THERAPY_MODIFIER_MULTIPLE"
    case therapyModifierMismatch = "THERAPY_MODIFIER_MISMATCH"
    case disciplineNotAllowedForCode = "DISCIPLINE_NOT_ALLOWED_FOR_CODE"
    case assistantModifierMissing = "ASSISTANT_MODIFIER_MISSING"
    case assistantModifierMismatch = "ASSISTANT_MODIFIER_MISMATCH"
    case assistantModifierNotSupported = "ASSISTANT_MODIFIER_NOT_SUPPORTED"
    case kxModifierMissing = "KX_MODIFIER_MISSING"
    case kxWithoutThreshold = "KX_WITHOUT_THRESHOLD"
    case targetedReviewThreshold = "TARGETED_REVIEW_THRESHOLD"
    case tooManyModifiers = "TOO_MANY_MODIFIERS"
    // Conflicts
    case ptpNotPayable = "PTP_NOT_PAYABLE"
    case ptpModifierRequired = "PTP_MODIFIER_REQUIRED"
    case separateIntervalsDocumentation = "SEPARATE_INTERVALS_DOCUMENTATION"
    case groupWithOneOnOne = "GROUP_WITH_ONE_ON_ONE"
    case evaluationSameDay = "EVALUATION_SAME_DAY"
    case evaluationMoreThanOne = "EVALUATION_MORE_THAN_ONE"
    case evaluationPTAndOTSameProvider = "EVALUATION_PT_AND_OT_SAME_PROVIDER"
    case coTreatmentDuplicate = "CO_TREATMENT_DUPLICATE"
    case coTreatmentOtherClaim = "CO_TREATMENT_OTHER_CLAIM"
    case duplicateService = "DUPLICATE_SERVICE"
    case timedCodeGroupTime = "TIMED_CODE_GROUP_TIME"
    case mueLineExceeded = "MUE_LINE_EXCEEDED"
    case mueDateExceeded = "MUE_DATE_EXCEEDED"
    // Provider
    case providerRoleNotAllowed = "PROVIDER_ROLE_NOT_ALLOWED"
    case supervisorRequired = "SUPERVISOR_REQUIRED"
    case supervisorNotQualified = "SUPERVISOR_NOT_QUALIFIED"
    case studentTimeNotBillable = "STUDENT_TIME_NOT_BILLABLE"
    case studentTherapistPresent = "STUDENT_THERAPIST_PRESENT"
    case assistantChangedActivity = "ASSISTANT_CHANGED_ACTIVITY"
    // Documentation
    case progressReportDue = "PROGRESS_REPORT_DUE"
    case continuedNeedUndocumented = "CONTINUED_NEED_UNDOCUMENTED"
    case activityDescriptionMissing = "ACTIVITY_DESCRIPTION_MISSING"
    case assistanceTypeMissing = "ASSISTANCE_TYPE_MISSING"
    case assistanceLevelMissing = "ASSISTANCE_LEVEL_MISSING"
    case goalLinkMissing = "GOAL_LINK_MISSING"
    case functionalDeficitsMissing = "FUNCTIONAL_DEFICITS_MISSING"
    case documentationNotProvided = "DOCUMENTATION_NOT_PROVIDED"
    case dateOutsidePlanOfCare = "DATE_OUTSIDE_PLAN_OF_CARE"
    case certificationTooLong = "CERTIFICATION_TOO_LONG"
    // Dates of service and units without minutes
    case timedCodeDateRange = "TIMED_CODE_DATE_RANGE"
    case eightMinuteRuleNotVerified = "EIGHT_MINUTE_RULE_NOT_VERIFIED"
    case timedUnitsAboveDailyLimit = "TIMED_UNITS_ABOVE_DAILY_LIMIT"
    case assistantModifierUnverified = "ASSISTANT_MODIFIER_UNVERIFIED"
    // Diagnoses (ICD-10-CM)
    case diagnosisMissing = "DIAGNOSIS_MISSING"
    case diagnosisPointerMissing = "DIAGNOSIS_POINTER_MISSING"
    case diagnosisPointerInvalid = "DIAGNOSIS_POINTER_INVALID"
    case diagnosisTooManyPointers = "DIAGNOSIS_TOO_MANY_POINTERS"
    case diagnosisDuplicate = "DIAGNOSIS_DUPLICATE"
    case diagnosisNotValid = "DIAGNOSIS_NOT_VALID"
    case diagnosisNotBillable = "DIAGNOSIS_NOT_BILLABLE"
    case diagnosisCodeSetUnavailable = "DIAGNOSIS_CODE_SET_UNAVAILABLE"
    case diagnosisCodeSetEarlierRelease = "DIAGNOSIS_CODE_SET_EARLIER_RELEASE"
    case diagnosisNotConfirmed = "DIAGNOSIS_NOT_CONFIRMED"
    case diagnosisExternalCauseFirst = "DIAGNOSIS_EXTERNAL_CAUSE_FIRST"
    case diagnosisManifestationFirst = "DIAGNOSIS_MANIFESTATION_FIRST"
    // Charges, place of service, provider identifiers, claim frequency
    case chargeMissing = "CHARGE_MISSING"
    case totalChargeMismatch = "TOTAL_CHARGE_MISMATCH"
    case placeOfServiceInvalid = "PLACE_OF_SERVICE_INVALID"
    case placeOfServiceInstitutional = "PLACE_OF_SERVICE_INSTITUTIONAL"
    case npiInvalid = "NPI_INVALID"
    case taxonomyRoleMismatch = "TAXONOMY_ROLE_MISMATCH"
    case taxonomyModifierMismatch = "TAXONOMY_MODIFIER_MISMATCH"
    case originalClaimIdMissing = "ORIGINAL_CLAIM_ID_MISSING"
    // Batches
    case batchHistoryIncomplete = "BATCH_HISTORY_INCOMPLETE"
}

extension FindingID {
    /// The case's position in declaration order (= `allCases` order), read from its one-byte tag. Callers check the
    /// table entry they index with it against the id, so a different layout only loses the fast path.
    public var ordinal: Int {
        withUnsafeBytes(of: self) { $0.count == 1 ? Int($0[0]) : Int.max }
    }
}
