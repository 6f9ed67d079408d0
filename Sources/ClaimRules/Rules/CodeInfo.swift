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
    /// The 97530 documentation elements apply (activity, assistance type and level; TheraPlatform, "CPT code 97530").
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
