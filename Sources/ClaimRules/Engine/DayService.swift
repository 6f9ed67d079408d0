/// A service billed for the patient today: a line of this claim or a service on another claim (internal).
struct DayService {
    let code: String
    /// Index in `claim.lines`; `nil` for `otherServicesToday`.
    let line: Int?
    let modifiers: [String]
    let info: CodeInfo?
    let discipline: Discipline?
    let clinicianId: String?
    let ptpId: UInt32?

    var hasDistinctServiceModifier: Bool {
        modifiers.contains { $0 == "59" || $0 == "XU" || $0 == "XE" || $0 == "XS" || $0 == "XP" }
    }
    var linesList: [Int] { line.map { [$0] } ?? [] }
    var whereText: String { line == nil ? " (on another claim today)" : "" }
}
