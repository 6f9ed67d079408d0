/// KX thresholds of one calendar year, in dollars (Pub. 100-04 ch. 5 §10.3; yearly amounts in the payer profiles).
public struct KXThreshold: Sendable, Equatable, Codable {
    public var year: Int
    /// PT and SLP combined.
    public var ptSlp: Double
    public var ot: Double

    public init(year: Int, ptSlp: Double, ot: Double) {
        self.year = year
        self.ptSlp = ptSlp
        self.ot = ot
    }
}
