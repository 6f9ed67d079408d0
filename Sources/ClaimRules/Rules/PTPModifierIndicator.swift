/// NCCI PTP modifier indicator (NCCI Policy Manual ch. I §E).
public enum PTPModifierIndicator: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// No NCCI PTP-associated modifier may bypass the edit.
    case notAllowed = 0
    /// A modifier (59, XE, XS, XP, XU) bypasses the edit when its criteria are met.
    case allowed = 1
    /// Not applicable: the edit was deleted on its effective date and never applies.
    case notApplicable = 9
}
