/// The professional role of a provider, supervisor or other clinician, with the claim's raw values.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case pt = "PT", ot = "OT", slp = "SLP"
    case pta = "PTA", ota = "OTA", slpa = "SLPA"
    case ptStudent = "PT-student", otStudent = "OT-student", slpStudent = "SLP-student"
    case md = "MD", doctorOfOsteopathy = "DO", np = "NP", pa = "PA", cns = "CNS"
    case dc = "DC", atc = "ATC", aide = "aide", other = "other"

    /// The therapy discipline of a therapist, assistant or student; `nil` for physicians, NPPs and others
    /// (their discipline comes from the plan of care, i.e. the line's GP/GO/GN modifier).
    public var discipline: Discipline? {
        switch self {
        case .pt, .pta, .ptStudent: return .pt
        case .ot, .ota, .otStudent: return .ot
        case .slp, .slpa, .slpStudent: return .slp
        default: return nil
        }
    }

    /// PT, OT or SLP: a qualified therapist who may supervise assistants and students.
    public var isTherapist: Bool { self == .pt || self == .ot || self == .slp }
    /// PTA, OTA or SLPA.
    public var isAssistant: Bool { self == .pta || self == .ota || self == .slpa }
    /// PT-, OT- or SLP-student.
    public var isStudent: Bool { self == .ptStudent || self == .otStudent || self == .slpStudent }
    /// MD, DO, NP, PA or CNS (physicians and non-physician practitioners).
    public var isPhysicianOrNPP: Bool {
        self == .md || self == .doctorOfOsteopathy || self == .np || self == .pa || self == .cns
    }
}

extension Role {
    /// A bit of its own per role, so a set of roles is one integer (internal; see `PayerProfileBox`).
    var bit: UInt32 {
        switch self {
        case .pt: return 1 << 0
        case .ot: return 1 << 1
        case .slp: return 1 << 2
        case .pta: return 1 << 3
        case .ota: return 1 << 4
        case .slpa: return 1 << 5
        case .ptStudent: return 1 << 6
        case .otStudent: return 1 << 7
        case .slpStudent: return 1 << 8
        case .md: return 1 << 9
        case .doctorOfOsteopathy: return 1 << 10
        case .np: return 1 << 11
        case .pa: return 1 << 12
        case .cns: return 1 << 13
        case .dc: return 1 << 14
        case .atc: return 1 << 15
        case .aide: return 1 << 16
        case .other: return 1 << 17
        }
    }
}
