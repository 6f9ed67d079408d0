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
