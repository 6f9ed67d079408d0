import ClaimRules
import StrictJSON

/// `ruleset.json`: what the rule data is, for replaying verdicts (`RuleSet.id`, `effective`, ...).
public struct RuleSetManifest: Sendable, Equatable {
    /// The file name inside a rules directory.
    public static let fileName = "ruleset.json"

    /// Ruleset id, letters, digits, `.`, `_`, `-` (e.g. `builtin`).
    public var id: String
    /// Version of the data; bump it with every change (the digest changes by itself).
    public var version: String
    /// First date of service the ruleset is for.
    public var effective: CalendarDate
    /// Last date of service it is for; nil = open-ended.
    public var through: CalendarDate?
    /// NCCI quarter label when the data comes from CMS files.
    public var quarter: String?
    /// What the data is.
    public var description: String?
    /// Set when the data is a snapshot of the edits in force on `effective` that scrubs every date of service while
    /// no NCCI quarter is imported: what the snapshot is, in words (`RuleSet.snapshot`).
    public var snapshot: String?

    /// A manifest with the given fields.
    public init(id: String, version: String, effective: CalendarDate, through: CalendarDate? = nil,
                quarter: String? = nil, description: String? = nil, snapshot: String? = nil) {
        self.id = id
        self.version = version
        self.effective = effective
        self.through = through
        self.quarter = quarter
        self.description = description
        self.snapshot = snapshot
    }

    /// The manifest in `text`, or nil with every problem appended.
    public static func parse(_ text: String, file: String, problems: inout [RuleDataProblem]) -> RuleSetManifest? {
        guard let json = JSONRuleFile(text, file: file, problems: &problems) else { return nil }
        guard let members = json.value.objectMembers else {
            problems.append(json.problem("", "the file must hold one JSON object"))
            return nil
        }
        var found: [RuleDataProblem] = []
        func string(_ key: String, required: Bool) -> String? {
            guard let value = json.value[key], !value.isNull else {
                if required { found.append(RuleDataProblem(file: file, line: 1, field: "/" + key, message: "is required but missing")) }
                return nil
            }
            guard let text = value.stringValue, !text.trimmingSpaces.isEmpty else {
                found.append(json.problem("/" + key, "must be a non-empty string"))
                return nil
            }
            return text
        }
        func date(_ key: String, required: Bool) -> CalendarDate? {
            guard let text = string(key, required: required) else { return nil }
            guard let date = CalendarDate(text) else {
                found.append(json.problem("/" + key, "\(RuleDataFields.quoted(text)) is not a real date written YYYY-MM-DD"))
                return nil
            }
            return date
        }
        for member in members where !member.key.hasPrefix("//") {
            if !["id", "version", "effective", "through", "quarter", "description", "snapshot"].contains(member.key) {
                found.append(json.problem("/" + JSONLineMap.escape(member.key), "is not a known field (id, version, effective, through, quarter, description, snapshot)"))
            }
        }
        let id = string("id", required: true)
        if let id, !id.utf8.allSatisfy({ b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }) {
            found.append(json.problem("/id", "\(RuleDataFields.quoted(id)) may hold only letters, digits, '.', '_' and '-'"))
        }
        let version = string("version", required: true)
        let effective = date("effective", required: true)
        let through = date("through", required: false)
        if let effective, let through, through < effective { found.append(json.problem("/through", "\(through) is before effective \(effective)")) }
        let quarter = string("quarter", required: false)
        let description = string("description", required: false)
        let snapshot = string("snapshot", required: false)
        problems += found
        guard found.isEmpty, let id, let version, let effective else { return nil }
        return RuleSetManifest(id: id, version: version, effective: effective, through: through, quarter: quarter,
                               description: description, snapshot: snapshot)
    }
}
