/// MUE adjudication indicator (NCCI Policy Manual ch. I §V).
public enum MUEAdjudication: Int, Sendable, Hashable, Codable, CaseIterable {
    /// Claim-line edit: each line's units are compared with the value.
    case line = 1
    /// Date-of-service edit based on policy: units summed over the date; absolute.
    case dateOfServicePolicy = 2
    /// Date-of-service edit based on clinical benchmarks: units summed over the date.
    case dateOfServiceClinical = 3

    /// True for MAI 2 and 3, which sum the units of all lines of the date.
    public var perDate: Bool { self != .line }
}
