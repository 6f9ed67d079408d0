import ClaimRules
import StrictJSON

/// Maps one FHIR R4 Claim, with the resources it references, onto our `Claim` (see docs/fhir.md for the
/// table). Every problem becomes an issue located by FHIRPath; nothing here throws or stops early.
struct FHIRClaimMapper {
    let source: FHIRResource
    let resolver: FHIRReferenceResolver
    let payerMap: PayerMap
    var issues: [FHIRIssue] = []
    var paths: FHIRPathMap
    /// `Claim.provider` as read by `mapBillingProvider` (the rendering provider when there is no care team).
    var billingParty: Party?

    /// The most array entries read from one element (more is reported; the claim checks cap lower).
    static let maxCareTeam = 100
    static let maxDiagnoses = 100
    static let maxSequences = 100

    init(claim: FHIRResource, resolver: FHIRReferenceResolver, payerMap: PayerMap) {
        self.source = claim
        self.resolver = resolver
        self.payerMap = payerMap
        self.paths = FHIRPathMap(root: claim.node.path)
    }

    var node: FHIRNode { source.node }

    mutating func map() -> FHIRClaimMapping {
        checkUseAndType()
        let claimId = node.identifiers.first?.value ?? node.id
        if claimId != nil { paths.set("/claimId", node.child("identifier")?.path ?? node.path + ".id") }
        let diagnoses = mapDiagnoses()
        let team = mapCareTeam()
        let payer = mapPayer()
        let billing = mapBillingProvider()
        let items = mapItems(diagnoses: diagnoses, team: team)
        let (provider, supervisor) = renderingAndSupervisor(team: team, items: items)
        var lines = items.map(\.line)
        // Lines rendered by different practitioners carry who furnished them (co-treatment rules).
        let keys = Set(items.compactMap(\.primary).map { team.members[$0].key })
        if keys.count > 1 {
            for i in lines.indices {
                if let m = items[i].primary { lines[i].clinicianId = team.members[m].key }
            }
        }
        let total = node.child("total").flatMap { money($0, pointer: "/totalCharge") }
        // One date shared by every line is also the claim's default date of service.
        let dates = Set(lines.map(\.dateOfService))
        let shared = dates.count == 1 && lines.allSatisfy({ $0.dateOfServiceThrough == nil }) ? dates.first ?? nil : nil
        paths.set("/dateOfService", node.path + ".item")
        let claim = Claim(claimId: claimId, payer: payer, dateOfService: shared, totalCharge: total,
                          diagnoses: diagnoses.codes.isEmpty ? nil : diagnoses.codes,
                          billingProvider: billing, provider: provider, supervisor: supervisor, lines: lines)
        return FHIRClaimMapping(claim: claim, issues: issues, paths: paths)
    }

    // MARK: Reporting

    mutating func report(_ code: FHIRInputCode, _ severity: FHIRIssue.Severity, _ type: FHIRIssue.IssueType,
                         _ message: String, fix: String? = nil, at expressions: [String], covers: [String] = []) {
        issues.append(FHIRIssue(code, severity, type, message, fix: fix, at: expressions, covers: covers))
    }

    /// An element of the wrong JSON type or value (an error: the Claim is not valid FHIR R4).
    mutating func invalid(_ at: FHIRNode, _ message: String, covers: [String] = []) {
        report(.elementInvalid, .error, .structure, message, at: [at.path], covers: covers)
    }

    // MARK: Reading elements

    /// The entries of an array element; another type is reported and reads as empty. At most `limit`
    /// entries are returned; more are reported.
    mutating func array(_ parent: FHIRNode, _ key: String, limit: Int = .max, covers: [String] = []) -> [FHIRNode] {
        guard let child = parent.child(key) else { return [] }
        guard case .array(let items) = child.value else {
            invalid(child, "\(key) must be a JSON array, found \(child.value.typeName)", covers: covers)
            return []
        }
        if items.count > limit {
            report(.tooManyElements, .error, .tooLong, "\(key) has \(items.count) entries; at most \(limit) are read",
                   at: [child.path], covers: covers)
        }
        return Array(child.elements.prefix(limit))
    }

    /// A string element; another type is reported.
    mutating func string(_ parent: FHIRNode, _ key: String) -> String? {
        guard let child = parent.child(key) else { return nil }
        guard case .string(let text) = child.value else {
            invalid(child, "\(key) must be a JSON string, found \(child.value.typeName)")
            return nil
        }
        return text
    }

    /// A positiveInt element (`sequence`).
    mutating func positiveInt(_ node: FHIRNode, what: String) -> Int? {
        guard case .number(let number) = node.value, let value = number.int64Value, value > 0, value <= Int64(Int32.max) else {
            invalid(node, "\(what) must be a positive whole number")
            return nil
        }
        return Int(value)
    }

    /// A decimal that is a whole number (`3`, `3.0`), or nil.
    static func whole(_ number: JSONNumber) -> Int? {
        if let v = number.int64Value { return Int(exactly: v) }
        let d = number.doubleValue
        guard d.isFinite, d.rounded() == d, abs(d) < 1e9 else { return nil }
        return Int(d)
    }

    /// A Money element: non-negative, at most two decimals, USD (or no currency).
    mutating func money(_ node: FHIRNode, pointer: String) -> Money? {
        paths.set(pointer, node.path)
        guard case .object = node.value else {
            invalid(node, "a Money value must be a JSON object, found \(node.value.typeName)", covers: [pointer])
            return nil
        }
        if let currency = node.child("currency"), currency.value.stringValue != "USD" {
            report(.amountInvalid, .error, .value, "only USD amounts are supported", at: [currency.path], covers: [pointer])
            return nil
        }
        guard let valueNode = node.child("value") else { return nil }
        guard case .number(let number) = valueNode.value, let amount = Money(decimal: number.text) else {
            report(.amountInvalid, .error, .value, "an amount must be a non-negative number with at most two decimals",
                   at: [valueNode.path], covers: [pointer])
            return nil
        }
        return amount
    }

    /// A FHIR date or the date part of a dateTime, when it is a whole date.
    mutating func date(_ node: FHIRNode, what: String, covers: [String]) -> CalendarDate? {
        guard case .string(let text) = node.value else {
            invalid(node, "\(what) must be a JSON string, found \(node.value.typeName)", covers: covers)
            return nil
        }
        let utf8 = Array(text.utf8)
        let datePart = utf8.count > 10 && utf8[10] == UInt8(ascii: "T") ? String(decoding: utf8[0..<10], as: UTF8.self) : text
        guard let date = CalendarDate(datePart) else {
            report(.elementInvalid, .error, .value, "\(what) must be a whole date (YYYY-MM-DD)", at: [node.path], covers: covers)
            return nil
        }
        return date
    }

    // MARK: Claim.use and Claim.type

    mutating func checkUseAndType() {
        if let use = string(node, "use"), use != "claim", let at = node.child("use") {
            report(.claimUseNotClaim, .warning, .businessRule,
                   "Claim.use is \(use); the resource is checked as a claim for payment", at: [at.path])
        }
        if let type = node.child("type") {
            let types = type.codings.filter { $0.system == "http://terminology.hl7.org/CodeSystem/claim-type" }
            if let other = types.first, !types.contains(where: { $0.code == "professional" }) {
                report(.claimTypeNotProfessional, .warning, .businessRule,
                       "Claim.type is \(other.code); the rules are those of professional (CMS-1500, 837P) therapy claims",
                       at: [type.path])
            }
        }
    }
}
