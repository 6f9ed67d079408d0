/// What the earlier claims of a batch say about one claim (`CrossClaimChecker.admit`), for
/// `Scrubber.scrub(_:rules:diagnosisCodes:crossClaim:)`.
public struct CrossClaimFacts: Sendable, Equatable {
    /// A count derived from the patient's claims seen earlier in the batch, used when the claim's
    /// `context` does not give it.
    public struct DerivedCount: Sendable, Equatable {
        public var value: Int
        /// Batch line numbers of the earlier claims the count rests on (the most recent ones, at most
        /// `CrossClaimChecker.maxBasisLines`).
        public var lines: [Int]

        public init(value: Int, lines: [Int]) {
            self.value = value
            self.lines = lines
        }
    }

    /// Findings only a batch can show (`DUPLICATE_SERVICE`, `CO_TREATMENT_OTHER_CLAIM`), each naming
    /// the earlier claims in `batchLines`.
    public var findings: [Finding]
    /// The visit number, counting the patient's treatment days in date order.
    public var visitNumber: DerivedCount?
    /// Treatment days since the last progress report, counting this visit.
    public var treatmentDaysSinceProgressReport: DerivedCount?
    /// The checker had forgotten earlier claims of this patient (its memory bound): the findings and
    /// counts above rest only on the claims since then.
    public var historyIncomplete: Bool

    public init(findings: [Finding] = [], visitNumber: DerivedCount? = nil,
                treatmentDaysSinceProgressReport: DerivedCount? = nil, historyIncomplete: Bool = false) {
        self.findings = findings
        self.visitNumber = visitNumber
        self.treatmentDaysSinceProgressReport = treatmentDaysSinceProgressReport
        self.historyIncomplete = historyIncomplete
    }

    /// No finding and nothing derived: the claim is scrubbed as if alone.
    public static let none = CrossClaimFacts()
}
