/// The therapy family of a code, which drives the checks that apply to it.
public enum CodeFamily: String, Sendable, Hashable, Codable, CaseIterable {
    /// Initial evaluations (97161-97163 PT, 97165-97167 OT, 92521-92524 SLP): untimed, one per discipline per date.
    case evaluation
    /// Re-evaluations (97164 PT, 97168 OT): untimed, count as the discipline's evaluation for the date.
    case reevaluation = "re-evaluation"
    /// One-on-one therapeutic procedures (97110, 97112, 97116, 97140, 97530, 97535, ...).
    case therapeuticProcedure = "therapeutic-procedure"
    /// Group therapy (97150, 92508): untimed, one unit per session.
    case group
    /// Supervised (unattended) modalities (97010-97028, G0283): untimed; may overlap other services'
    /// 15-minute periods (NCCI Policy Manual ch. XI §P.2).
    case supervisedModality = "supervised-modality"
    /// Constant-attendance modalities (97032-97039): timed.
    case attendedModality = "attended-modality"
    /// Speech-language treatment codes other than evaluations (92507, 92526, ...).
    case speechTreatment = "speech-treatment"
    /// Tests and measurements, orthotics/prosthetics management and other therapy codes.
    case other
}

/// One code of the code table. Carries our own short name only, never AMA CPT descriptor text.
public struct CodeInfo: Sendable, Equatable, Codable {
    /// CPT/HCPCS code.
    public var code: String
    /// Our own short name (e.g. "therapeutic activities"), never the AMA descriptor.
    public var name: String
    /// Timed (15-minute units, §20.2) or untimed (1 unit a day).
    public var timed: Bool
    public var family: CodeFamily
    /// Disciplines whose plan of care may bill the code. A single discipline makes the code
    /// discipline-specific: its therapy modifier is that discipline's (CR 10176: GP on 97161-97164,
    /// GO on 97165-97168, GN on 92521-92524).
    public var disciplines: [Discipline]
    /// The 97530 documentation elements apply (activity, assistance type and level; seed article).
    public var activityDocumentation: Bool?

    public init(code: String, name: String, timed: Bool, family: CodeFamily, disciplines: [Discipline],
                activityDocumentation: Bool? = nil) {
        self.code = code
        self.name = name
        self.timed = timed
        self.family = family
        self.disciplines = disciplines
        self.activityDocumentation = activityDocumentation
    }

    /// Evaluation or re-evaluation.
    public var isEvaluation: Bool { family == .evaluation || family == .reevaluation }
    /// The one discipline of a discipline-specific code.
    public var specificDiscipline: Discipline? { disciplines.count == 1 ? disciplines[0] : nil }
}

/// The code table of a rule set: code → `CodeInfo`.
public struct CodeTable: Sendable, Equatable {
    public let entries: [String: CodeInfo]

    /// Builds the table; a later entry for the same code replaces an earlier one (the loader rejects duplicates).
    public init(_ codes: [CodeInfo]) {
        var d: [String: CodeInfo] = [:]
        d.reserveCapacity(codes.count)
        for c in codes { d[c.code] = c }
        entries = d
    }

    public subscript(code: String) -> CodeInfo? { entries[code] }
    public var count: Int { entries.count }
}
