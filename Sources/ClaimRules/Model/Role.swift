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

/// A therapy discipline; each bills under its own plan of care and therapy modifier (CMS Pub. 100-04 ch. 5 §20.1).
public enum Discipline: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case pt = "PT", ot = "OT", slp = "SLP"

    /// The therapy modifier of the discipline's plan of care: GP, GO or GN.
    public var therapyModifier: String {
        switch self {
        case .pt: return "GP"
        case .ot: return "GO"
        case .slp: return "GN"
        }
    }

    /// `[therapyModifier]`, shared so that assigning it does not allocate.
    public var therapyModifierList: [String] {
        switch self {
        case .pt: return Discipline.gpList
        case .ot: return Discipline.goList
        case .slp: return Discipline.gnList
        }
    }
    private static let gpList = ["GP"], goList = ["GO"], gnList = ["GN"]

    /// The discipline a therapy modifier (GP/GO/GN) stands for.
    public init?(therapyModifier: String) {
        switch therapyModifier {
        case "GP": self = .pt
        case "GO": self = .ot
        case "GN": self = .slp
        default: return nil
        }
    }

    /// CQ (PTA) for PT, CO (OTA) for OT, none for SLP (CMS Pub. 100-04 ch. 5 §20.1).
    public var assistantModifier: String? {
        switch self {
        case .pt: return "CQ"
        case .ot: return "CO"
        case .slp: return nil
        }
    }

    private var order: Int { self == .pt ? 0 : self == .ot ? 1 : 2 }
    public static func < (a: Discipline, b: Discipline) -> Bool { a.order < b.order }
}

/// How a line's time was furnished. Only `individual` time counts toward one-on-one timed codes;
/// group and concurrent time is billed as group therapy (97150) under Part B.
public enum Setting: String, Sendable, Hashable, Codable, CaseIterable {
    case individual, group, concurrent
}
