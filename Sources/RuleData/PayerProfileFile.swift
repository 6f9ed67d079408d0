import ClaimRules

/// `payers/<id>.json`: one payer profile (the fields of `ClaimRules.PayerProfile`), checked beyond
/// what decoding checks: the id matches the file name, amounts and counts are positive, KX years are
/// unique, policy dates are ordered and policy codes are in the code table.
public enum PayerProfileFile {
    /// The valid strings of the enum-typed fields, for messages.
    static let allowedValues: [String: [String]] = [
        "unitMethod": UnitMethod.allCases.map(\.rawValue),
        "allowedRoles": Role.allCases.map(\.rawValue),
        "rolesNeedingSupervision": Role.allCases.map(\.rawValue),
    ]

    /// The profile in `text` (file `payers/<expectedID>.json`), or nil with problems appended.
    public static func parse(_ text: String, file: String, expectedID: String, knownCodes: Set<String>?,
                             problems: inout [RuleDataProblem]) -> PayerProfile? {
        guard let json = JSONRuleFile(text, file: file, problems: &problems) else { return nil }
        guard json.value.objectMembers != nil else {
            problems.append(json.problem("", "the file must hold one JSON object"))
            return nil
        }
        guard let profile = json.decode(PayerProfile.self, allowedValues: allowedValues, problems: &problems) else { return nil }
        var found: [RuleDataProblem] = []
        if let known = JSONRuleFile.encodedTree(profile) { found += json.unknownFields(known: known) }
        found += check(profile, json: json, expectedID: expectedID, knownCodes: knownCodes)
        problems += found
        return found.isEmpty ? profile : nil
    }

    private static func check(_ p: PayerProfile, json: JSONRuleFile, expectedID: String, knownCodes: Set<String>?) -> [RuleDataProblem] {
        var problems: [RuleDataProblem] = []
        func problem(_ pointer: String, _ message: String) { problems.append(json.problem(pointer, message)) }
        if p.id != expectedID { problem("/id", "\(RuleDataFields.quoted(p.id)) must equal the file name \(RuleDataFields.quoted(expectedID))") }
        if p.name.trimmingSpaces.isEmpty { problem("/name", "is empty") }
        if let policy = p.assistantModifiers, !(0...100).contains(policy.deMinimisPercent) {
            problem("/assistantModifiers/deMinimisPercent", "\(policy.deMinimisPercent) is not a percentage from 0 to 100")
        }
        var years: [Int: Int] = [:]
        for (index, kx) in p.kxThresholds.enumerated() {
            let at = "/kxThresholds/\(index)"
            if !(2018...2100).contains(kx.year) { problem(at + "/year", "\(kx.year) is not a year from 2018 (when KX thresholds began, BBA 2018 §50202) to 2100") }
            if let earlier = years[kx.year] { problem(at + "/year", "\(kx.year) is already given at /kxThresholds/\(earlier)") } else { years[kx.year] = index }
            if !(kx.ptSlp > 0 && kx.ptSlp.isFinite) { problem(at + "/ptSlp", "must be a positive dollar amount") }
            if !(kx.ot > 0 && kx.ot.isFinite) { problem(at + "/ot", "must be a positive dollar amount") }
        }
        if !(p.kxNearMargin >= 0 && p.kxNearMargin.isFinite) { problem("/kxNearMargin", "must be a dollar amount of 0 or more") }
        if let review = p.targetedReviewThreshold, !(review > 0 && review.isFinite) { problem("/targetedReviewThreshold", "must be a positive dollar amount") }
        if p.allowedRoles.isEmpty { problem("/allowedRoles", "is empty: no one could bill") }
        checkUnique(p.allowedRoles, pointer: "/allowedRoles", json: json, into: &problems)
        checkUnique(p.rolesNeedingSupervision, pointer: "/rolesNeedingSupervision", json: json, into: &problems)
        for (index, role) in p.rolesNeedingSupervision.enumerated() where !p.allowedRoles.contains(role) {
            problem("/rolesNeedingSupervision/\(index)", "\(role.rawValue) is not in allowedRoles")
        }
        if let policy = p.evaluationSameDayPolicy {
            if let from = policy.from, let through = policy.through, through < from {
                problem("/evaluationSameDayPolicy/through", "\(through) is before from \(from)")
            }
            for (key, codes) in [("codes", policy.codes), ("evaluationCodes", policy.evaluationCodes)] {
                for (index, code) in (codes ?? []).enumerated() {
                    let at = "/evaluationSameDayPolicy/\(key)/\(index)"
                    if !RuleDataFields.isCode(code) {
                        problem(at, "\(RuleDataFields.quoted(code)) is not a 5-character CPT/HCPCS code")
                    } else if let knownCodes, !knownCodes.contains(code) {
                        problem(at, "\(code) is not in \(CodeTableFile.fileName)")
                    }
                }
            }
        }
        for (key, value) in [("progressReportEveryTreatmentDays", p.progressReportEveryTreatmentDays),
                             ("continuedNeedAfterVisits", p.continuedNeedAfterVisits),
                             ("planOfCareMaxDays", p.planOfCareMaxDays)] {
            if let value, value < 1 { problem("/" + key, "\(value) must be at least 1 (leave the field out to turn the check off)") }
        }
        if let limit = p.maxTimedUnitsPerDay, !(1...96).contains(limit) {
            problem("/maxTimedUnitsPerDay", "\(limit) is not 1 to 96 (timed units per discipline and date; 96 is 24 hours; leave the field out to turn the check off)")
        }
        if !(1...4).contains(p.maxModifiersPerLine) { problem("/maxModifiersPerLine", "\(p.maxModifiersPerLine) is not 1 to 4 (CMS-1500 and 837P carry 4)") }
        return problems
    }

    private static func checkUnique(_ roles: [Role], pointer: String, json: JSONRuleFile, into problems: inout [RuleDataProblem]) {
        var seen: Set<Role> = []
        for (index, role) in roles.enumerated() where !seen.insert(role).inserted {
            problems.append(json.problem("\(pointer)/\(index)", "\(role.rawValue) is listed twice"))
        }
    }
}
