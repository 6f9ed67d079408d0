import ClaimRules
import StrictJSON

/// Builds FHIR R4 `OperationOutcome` resources: one issue per mapping issue, per claim field problem and
/// per finding, each coded in our CodeSystem and located by FHIRPath.
public enum OperationOutcome {
    /// The JSON of an OperationOutcome holding `issues` (FHIR requires at least one).
    public static func encode(_ issues: [FHIRIssue]) -> [UInt8] {
        var w = JSONWriter(capacity: 256 + issues.count * 320)
        w.beginObject()
        w.field("resourceType", "OperationOutcome")
        w.key("issue")
        w.beginArray()
        let list = issues.isEmpty
            ? [FHIRIssue(.claimClean, .information, .informational, "nothing to report", at: [])] : issues
        for issue in list {
            w.beginObject()
            w.field("severity", issue.severity.rawValue)
            w.field("code", issue.code.rawValue)
            w.key("details")
            w.beginObject()
            w.key("coding")
            w.beginArray()
            w.beginObject()
            w.field("system", FHIRSystem.issueCodes)
            w.field("code", issue.detailCode)
            w.field("display", issue.message)
            w.endObject()
            w.endArray()
            w.field("text", issue.message)
            w.endObject()
            if let fix = issue.fix, !fix.isEmpty { w.field("diagnostics", fix) }
            if !issue.expressions.isEmpty { w.field("expression", issue.expressions) }
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.finish()
    }

    /// The issues of one claim: what the mapping found, the field problems of the claim checks that no
    /// mapping issue already stands for, then the findings of the scrub (or, when everything passed, one
    /// information issue saying so).
    public static func issues(mapping: FHIRClaimMapping, problems: [FieldProblem], result: ScrubResult?) -> [FHIRIssue] {
        var issues = mapping.issues
        let covered = Set(mapping.issues.flatMap(\.covers))
        for problem in problems where !covered.contains(problem.pointer) {
            issues.append(FHIRIssue(.claimFieldInvalid, .error, issueType(forProblem: problem), problem.message,
                                    at: [mapping.paths.expression(for: problem.pointer)]))
        }
        guard let result else { return issues }
        for finding in result.errors + result.warnings {
            issues.append(FHIRIssue(severity: severity(finding.severity), code: issueType(for: finding.id),
                                    detailCode: finding.id.rawValue, message: finding.message, fix: finding.fix,
                                    expressions: expressions(for: finding.id, lines: finding.lines, paths: mapping.paths)))
        }
        for conflict in result.conflicts {
            issues.append(FHIRIssue(severity: severity(conflict.severity), code: issueType(for: conflict.id),
                                    detailCode: conflict.id.rawValue, message: conflict.message, fix: conflict.fix,
                                    expressions: expressions(for: conflict.id, lines: conflict.lines, paths: mapping.paths)))
        }
        if result.status == .clean {
            issues.append(FHIRIssue(.claimClean, .information, .informational,
                                    "the claim passed every check (ruleset \(result.ruleset.id))", at: [mapping.paths.root]))
        }
        return issues
    }

    static func severity(_ severity: Severity) -> FHIRIssue.Severity {
        switch severity {
        case .error: return .error
        case .warning: return .warning
        case .info: return .information
        }
    }

    /// The IssueType of a finding: an unknown code or payer is `code-invalid`, every other rule a
    /// `business-rule`.
    static func issueType(for id: FindingID) -> FHIRIssue.IssueType {
        switch id {
        case .unknownCode, .unknownPayer: return .codeInvalid
        default: return .businessRule
        }
    }

    /// The IssueType of a claim field problem, from the field it concerns and what it says.
    static func issueType(forProblem problem: FieldProblem) -> FHIRIssue.IssueType {
        if problem.message.contains("required") || problem.message.hasPrefix("a claim needs") { return .required }
        let segments = problem.pointer.split(separator: "/")
        let field = segments.last(where: { Int($0) == nil }).map(String.init) ?? ""
        switch field {
        case "code", "modifiers", "diagnoses", "payer", "placeOfService", "taxonomy", "role": return .codeInvalid
        case "minutes", "units", "assistantMinutes", "charge", "totalCharge", "diagnosisPointers", "npi": return .value
        default: return .invalid
        }
    }

    /// Where a finding points: the element of each line it concerns (units at `quantity`, modifiers at
    /// `modifier`, ...), or the claim-level element.
    static func expressions(for id: FindingID, lines: [Int], paths: FHIRPathMap) -> [String] {
        switch id {
        case .unknownPayer: return [paths.expression(for: "/payer")]
        case .providerRoleNotAllowed: return [paths.expression(for: "/provider/role")]
        case .supervisorRequired, .supervisorNotQualified, .studentTherapistPresent:
            return [paths.expression(for: "/supervisor")]
        default: break
        }
        guard !lines.isEmpty else { return [paths.root] }
        let field: String
        switch id {
        case .unitsAboveComputed, .unitsBelowComputed, .noBillableUnits, .mueLineExceeded, .mueDateExceeded:
            field = "/units"
        case .timedCodeMissingMinutes, .timedCodeGroupTime:
            field = "/minutes"
        case .therapyModifierMissing, .therapyModifierMultiple, .therapyModifierMismatch, .assistantModifierMissing,
             .assistantModifierMismatch, .assistantModifierNotSupported, .kxModifierMissing, .kxWithoutThreshold,
             .tooManyModifiers, .ptpModifierRequired, .separateIntervalsDocumentation:
            field = "/modifiers"
        case .unknownCode, .disciplineNotAllowedForCode, .ptpNotPayable, .timedCodeMultipleLines, .groupWithOneOnOne,
             .evaluationSameDay, .evaluationMoreThanOne, .evaluationPTAndOTSameProvider, .coTreatmentDuplicate,
             .coTreatmentOtherClaim:
            field = "/code"
        default:
            field = ""
        }
        var seen: Set<String> = []
        return lines.map { paths.expression(for: "/lines/\($0)" + field) }.filter { seen.insert($0).inserted }
    }
}
