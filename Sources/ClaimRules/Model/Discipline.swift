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
        if let key = ModifierKey.ascii(therapyModifier) {
            // Two ASCII bytes: String equality is byte equality, so the bytes decide without comparing Strings.
            switch key {
            case ModifierKey.gp: self = .pt
            case ModifierKey.go: self = .ot
            case ModifierKey.gn: self = .slp
            default: return nil
            }
            return
        }
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
