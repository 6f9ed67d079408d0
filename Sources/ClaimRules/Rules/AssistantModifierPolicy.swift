/// CQ/CO assistant modifier policy (Pub. 100-04 ch. 5 §20.1; CY 2020/2022 PFS rules).
public struct AssistantModifierPolicy: Sendable, Equatable, Codable {
    /// First date of service the modifiers are required (Medicare: 2020-01-01).
    public var effective: CalendarDate
    /// The assistant's independent minutes must exceed this percent of a unit (timed) or of the service
    /// (untimed) for CQ/CO to apply (de minimis: 10).
    public var deMinimisPercent: Int

    public init(effective: CalendarDate, deMinimisPercent: Int = 10) {
        self.effective = effective
        self.deMinimisPercent = deMinimisPercent
    }
}
