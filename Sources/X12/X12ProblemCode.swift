/// The stable code of a problem found while reading an interchange. The raw value is what responses
/// carry in `code`.
public enum X12ProblemCode: String, Sendable, Hashable, CaseIterable {
    // Interchange envelope (ISA/IEA; ASC X12.5 interchange control structure).
    case isaUnreadable = "ISA_UNREADABLE"
    case isaNotFixedWidth = "ISA_NOT_FIXED_WIDTH"
    case isaVersion = "ISA_VERSION"
    case isaControlNumberDuplicate = "ISA_CONTROL_NUMBER_DUPLICATE"
    case ieaMissing = "IEA_MISSING"
    case ieaControlNumber = "IEA_CONTROL_NUMBER"
    case ieaGroupCount = "IEA_GROUP_COUNT"
    // Functional group (GS/GE).
    case gsFunctionalID = "GS_FUNCTIONAL_ID"
    case gsControlNumberDuplicate = "GS_CONTROL_NUMBER_DUPLICATE"
    case geMissing = "GE_MISSING"
    case geControlNumber = "GE_CONTROL_NUMBER"
    case geTransactionCount = "GE_TRANSACTION_COUNT"
    // Transaction set (ST/SE).
    case stTransactionType = "ST_TRANSACTION_TYPE"
    case stVersion = "ST_VERSION"
    case stControlNumberDuplicate = "ST_CONTROL_NUMBER_DUPLICATE"
    case seMissing = "SE_MISSING"
    case seControlNumber = "SE_CONTROL_NUMBER"
    case seSegmentCount = "SE_SEGMENT_COUNT"
    // Segments.
    case segmentIDInvalid = "SEGMENT_ID_INVALID"
    case segmentUnknown = "SEGMENT_UNKNOWN"
    case segmentLeadingSpace = "SEGMENT_LEADING_SPACE"
    case segmentTooLong = "SEGMENT_TOO_LONG"
    case segmentUnterminated = "SEGMENT_UNTERMINATED"
    case segmentOutsideEnvelope = "SEGMENT_OUTSIDE_ENVELOPE"
    case segmentUnexpected = "SEGMENT_UNEXPECTED"
    case segmentMissing = "SEGMENT_MISSING"
    case loopMissing = "LOOP_MISSING"
    case segmentRepeated = "SEGMENT_REPEATED"
    case loopRepeated = "LOOP_REPEATED"
    case trailingSeparator = "TRAILING_SEPARATOR"
    case hlNumber = "HL_NUMBER"
    case hlParent = "HL_PARENT"
    case lxNumber = "LX_NUMBER"
    // Elements.
    case elementMissing = "ELEMENT_MISSING"
    case elementTooMany = "ELEMENT_TOO_MANY"
    case componentTooMany = "COMPONENT_TOO_MANY"
    case elementNotUsed = "ELEMENT_NOT_USED"
    case elementCode = "ELEMENT_CODE"
    case elementDate = "ELEMENT_DATE"
    case elementCharacter = "ELEMENT_CHARACTER"
    case elementTime = "ELEMENT_TIME"
    case elementTooShort = "ELEMENT_TOO_SHORT"
    case elementTooLong = "ELEMENT_TOO_LONG"
    case elementConditional = "ELEMENT_CONDITIONAL"
    case elementExclusion = "ELEMENT_EXCLUSION"
    // The claim cannot be mapped onto the claim model (checks the implementation guide's syntax does not make).
    case unitsNotWhole = "UNITS_NOT_WHOLE"
    case amountInvalid = "AMOUNT_INVALID"
    case frequencyUnsupported = "FREQUENCY_UNSUPPORTED"
    case procedureQualifier = "PROCEDURE_QUALIFIER"
    case modifierCount = "MODIFIER_COUNT"
    case diagnosisCodeSystem = "DIAGNOSIS_CODE_SYSTEM"
    case minutesNote = "MINUTES_NOTE"
    case payerNotMapped = "PAYER_NOT_MAPPED"
    case roleUndetermined = "ROLE_UNDETERMINED"
    case noRuleset = "NO_RULESET"
    case claimInvalid = "CLAIM_INVALID"
    case problemsOmitted = "PROBLEMS_OMITTED"

    /// Where the problem sits in the envelope structure, which decides how a 999 reports it.
    public enum Level: Sendable {
        /// ISA/IEA: outside any 999 (a TA1 would carry it); reported in JSON only.
        case interchange
        /// GS/GE: AK9 of the group's 999.
        case group
        /// ST/SE: IK5 of the transaction set.
        case transaction
        /// A segment or one of its elements: IK3 (and IK4) of the transaction set.
        case segment
        /// Mapping the claim onto the claim model: a business problem, JSON only (the 999 reports syntax).
        case claim
    }

    public var level: Level {
        switch self {
        case .isaUnreadable, .isaNotFixedWidth, .isaVersion, .isaControlNumberDuplicate, .ieaMissing, .ieaControlNumber,
             .ieaGroupCount, .segmentOutsideEnvelope:
            return .interchange
        case .gsFunctionalID, .gsControlNumberDuplicate, .geMissing, .geControlNumber, .geTransactionCount:
            return .group
        case .stTransactionType, .stVersion, .stControlNumberDuplicate, .seMissing, .seControlNumber, .seSegmentCount:
            return .transaction
        case .unitsNotWhole, .amountInvalid, .frequencyUnsupported, .procedureQualifier, .modifierCount, .diagnosisCodeSystem, .minutesNote, .payerNotMapped, .roleUndetermined,
             .noRuleset, .claimInvalid, .problemsOmitted:
            return .claim
        default:
            return .segment
        }
    }

    /// The 999 IK304 segment syntax error code (005010X231A1), for segment-level problems.
    public var segmentErrorCode: String? {
        switch self {
        case .segmentIDInvalid, .segmentUnknown, .segmentLeadingSpace: return "1"
        case .segmentUnexpected: return "2"
        case .segmentMissing, .loopMissing: return "3"
        case .loopRepeated: return "4"
        case .segmentRepeated: return "5"
        case .segmentTooLong, .segmentUnterminated, .trailingSeparator, .hlNumber, .hlParent, .lxNumber,
             .elementMissing, .elementTooMany, .componentTooMany, .elementNotUsed, .elementCode, .elementDate,
             .elementCharacter, .elementTime, .elementTooShort, .elementTooLong, .elementConditional, .elementExclusion:
            return "8"
        default: return nil
        }
    }

    /// The 999 IK403 element syntax error code, for element-level problems.
    public var elementErrorCode: String? {
        switch self {
        case .elementMissing: return "1"
        case .elementConditional: return "2"
        case .elementTooMany, .trailingSeparator: return "3"
        case .elementTooShort: return "4"
        case .elementTooLong: return "5"
        case .elementCharacter: return "6"
        case .elementCode: return "7"
        case .elementDate: return "8"
        case .elementTime: return "9"
        case .elementExclusion: return "10"
        case .componentTooMany: return "13"
        case .elementNotUsed: return "I10"
        case .hlNumber, .hlParent, .lxNumber: return "I12"
        default: return nil
        }
    }

    /// The 999 IK502 (transaction set) or AK905 (functional group) syntax error code.
    public var envelopeErrorCode: String? {
        switch self {
        case .stTransactionType: return "1"
        case .seMissing: return "2"
        case .seControlNumber: return "3"
        case .seSegmentCount: return "4"
        case .stControlNumberDuplicate: return "23"
        case .stVersion: return "I6"
        case .gsFunctionalID: return "1"
        case .geMissing: return "3"
        case .geControlNumber: return "4"
        case .geTransactionCount: return "5"
        case .gsControlNumberDuplicate: return "6"
        default: return nil
        }
    }

    /// The transaction set is still accepted (IK501 `E`): the file was read on a best-effort basis.
    public var acceptsWithErrors: Bool { self == .stVersion }
}
