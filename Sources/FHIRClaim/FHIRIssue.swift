/// One `OperationOutcome.issue`: what we report about a FHIR request, a claim's mapping, its validation
/// or its scrub.
public struct FHIRIssue: Sendable, Equatable {
    /// `OperationOutcome.issue.severity` (FHIR R4 value set issue-severity).
    public enum Severity: String, Sendable, Equatable, CaseIterable {
        case fatal, error, warning, information
    }

    /// `OperationOutcome.issue.code`: the FHIR R4 IssueType codes we use.
    public enum IssueType: String, Sendable, Equatable, CaseIterable {
        case invalid, structure, required, value
        case security, login, forbidden
        case processing
        case notSupported = "not-supported"
        case notFound = "not-found"
        case tooLong = "too-long"
        case codeInvalid = "code-invalid"
        case businessRule = "business-rule"
        case conflict
        case exception, informational
    }

    public var severity: Severity
    public var code: IssueType
    /// Our code (`details.coding.code` in `FHIRSystem.issueCodes`): a finding id or an input code.
    public var detailCode: String
    /// What is wrong (`details.coding.display` and `details.text`); never repeats claim values.
    public var message: String
    /// What to do about it (`diagnostics`), when we know.
    public var fix: String?
    /// FHIRPath expressions of the elements concerned, from the root of the submitted resource.
    public var expressions: [String]
    /// JSON pointers into our claim model this issue already stands for: a validator problem at one of
    /// them would say the same thing again, so it is not reported.
    var covers: [String]

    public init(severity: Severity, code: IssueType, detailCode: String, message: String, fix: String? = nil,
                expressions: [String] = []) {
        self.severity = severity
        self.code = code
        self.detailCode = detailCode
        self.message = message
        self.fix = fix
        self.expressions = expressions
        self.covers = []
    }

    init(_ input: FHIRInputCode, _ severity: Severity, _ code: IssueType, _ message: String, fix: String? = nil,
         at expressions: [String], covers: [String] = []) {
        self.init(severity: severity, code: code, detailCode: input.rawValue, message: message, fix: fix,
                  expressions: expressions)
        self.covers = covers
    }
}
