/// A service billed for the patient today: a line of this claim or a service on another claim (internal).
struct DayService {
    let code: String
    /// Index in `claim.lines`; `nil` for `otherServicesToday`.
    let line: Int?
    let modifiers: [String]
    let ref: CodeRef
    let discipline: Discipline?
    let clinicianId: String?

    var hasDistinctServiceModifier: Bool { LineState.hasDistinctServiceModifier(modifiers) }
    var linesList: [Int] { line.map { [$0] } ?? [] }
    var whereText: String { line == nil ? " (on another claim today)" : "" }
    var timed: Bool { ref.known && ref.timed }
}
