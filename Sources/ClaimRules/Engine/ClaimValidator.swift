/// Semantic checks on a decoded claim that make it unfit to scrub (the JSON types were right, the values are not).
///
/// Every problem is reported, each located by an RFC 6901 pointer. Unknown codes are not problems here:
/// they are the `UNKNOWN_CODE` finding of `Scrubber.scrub`.
public enum ClaimValidator {
    /// Most lines a claim may carry (a therapy visit has a handful; more is a malformed request).
    public static let maxLines = 50
    /// Most minutes a line may carry (one day).
    public static let maxMinutes = 1440
    /// Most units a line may propose.
    public static let maxUnits = 999
    /// Most `otherServicesToday` entries.
    public static let maxOtherServices = 100
    /// Most modifiers accepted on a line before the claim is malformed (more than 4 is a finding, not a problem).
    public static let maxModifiers = 10
    /// Most diagnoses a claim may list (CMS-1500 item 21 and the 837P HI segment carry 12).
    public static let maxDiagnoses = 12
    /// Most diagnosis pointers accepted on a line before the claim is malformed (more than 4 is a finding).
    public static let maxDiagnosisPointers = 12
    /// Longest date range a line may cover, in days (a monthly claim's month).
    public static let maxRangeDays = 31
    /// A year-to-date allowed amount (dollars) must be below this.
    public static let amountLimit = 1_000_000_000

    /// The message for a whole number outside `range`: the same whether the value fits in an integer
    /// (judged here) or is too large for one (judged by the JSON reader).
    public static func outOfRange(_ field: String, _ range: ClosedRange<Int>) -> String {
        "\(field) must be between \(range.lowerBound) and \(range.upperBound)"
    }

    /// The message for a year-to-date dollar amount out of range (too large, or not a finite number).
    public static func amountOutOfRange(_ field: String) -> String {
        "\(field) must be a dollar amount of at least 0 and less than \(amountLimit)"
    }

    /// All semantic problems of `claim` against `rules`; empty when the claim can be scrubbed.
    public static func validate(_ claim: Claim, rules: RuleSet) -> [FieldProblem] {
        var p: [FieldProblem] = []
        if claim.payer.isEmpty {
            p.append(FieldProblem(pointer: "/payer", message: "payer must not be empty"))
        } else if rules.profileBox(claim.payer) == nil {
            let known = rules.payers.keys.sorted().joined(separator: ", ")
            p.append(FieldProblem(pointer: "/payer", message: "unknown payer; expected one of: \(known)"))
        }
        if claim.lines.isEmpty {
            p.append(FieldProblem(pointer: "/lines", message: "a claim needs at least one line"))
        } else if claim.lines.count > maxLines {
            p.append(FieldProblem(pointer: "/lines", message: "at most \(maxLines) lines are accepted"))
        }
        validateDates(claim, into: &p)
        validateClaimContent(claim, into: &p)
        // Lines are read in place: a copy of each would retain and release every field.
        claim.lines.withUnsafeBufferPointer { lines in
            for i in 0..<min(lines.count, maxLines) { validateLine(lines, at: i, into: &p) }
        }
        guard let ctx = claim.context else { return p }
        if let d = ctx.treatmentDaysSinceProgressReport, d < 0 {
            p.append(FieldProblem(pointer: "/context/treatmentDaysSinceProgressReport",
                                  message: outOfRange("treatmentDaysSinceProgressReport", 0...Int.max)))
        }
        if let v = ctx.visitNumber, v < 1 {
            p.append(FieldProblem(pointer: "/context/visitNumber", message: outOfRange("visitNumber", 1...Int.max)))
        }
        if let poc = ctx.planOfCare, let from = poc.certifiedFrom, let through = poc.certifiedThrough, through < from {
            p.append(FieldProblem(pointer: "/context/planOfCare/certifiedThrough",
                                  message: "certifiedThrough is before certifiedFrom"))
        }
        if let ytd = ctx.yearToDateAllowed {
            if let a = ytd.ptSlp, !(a >= 0 && a < Double(amountLimit)) {
                p.append(FieldProblem(pointer: "/context/yearToDateAllowed/ptSlp", message: amountOutOfRange("ptSlp")))
            }
            if let a = ytd.ot, !(a >= 0 && a < Double(amountLimit)) {
                p.append(FieldProblem(pointer: "/context/yearToDateAllowed/ot", message: amountOutOfRange("ot")))
            }
        }
        if let others = ctx.otherServicesToday {
            if others.count > maxOtherServices {
                p.append(FieldProblem(pointer: "/context/otherServicesToday",
                                      message: "at most \(maxOtherServices) services are accepted"))
            }
            let needsDate = claim.dateOfService == nil && Set(claim.lines.compactMap(\.dateOfService)).count > 1
            for (i, o) in others.prefix(maxOtherServices).enumerated() {
                if needsDate && o.dateOfService == nil {
                    p.append(FieldProblem(pointer: "/context/otherServicesToday/\(i)/dateOfService",
                                          message: "dateOfService is required when the claim's lines have several dates and the claim has no dateOfService"))
                }
                if !isCodeShaped(o.code) {
                    p.append(FieldProblem(pointer: "/context/otherServicesToday/\(i)/code",
                                          message: "code must be a 5-character CPT/HCPCS code such as 97530 or G0283"))
                }
                for (j, m) in (o.modifiers ?? []).prefix(maxModifiers).enumerated() where !isModifierShaped(m) {
                    p.append(FieldProblem(pointer: "/context/otherServicesToday/\(i)/modifiers/\(j)",
                                          message: "a modifier is 2 uppercase letters or digits, such as GP or 59"))
                }
            }
        }
        return p
    }

    /// The form of the fields of line `i` of `lines`, each read where it is.
    private static func validateLine(_ lines: UnsafeBufferPointer<Claim.Line>, at i: Int, into p: inout [FieldProblem]) {
        // The line's pointer prefix, built only for a problem (most lines have none).
        var base: String { "/lines/\(i)" }
        if !isCodeShaped(lines[i].code) {
            p.append(FieldProblem(pointer: base + "/code",
                                  message: "code must be a 5-character CPT/HCPCS code such as 97530 or G0283"))
        }
        if let m = lines[i].minutes, m < 0 || m > maxMinutes {
            p.append(FieldProblem(pointer: base + "/minutes", message: outOfRange("minutes", 0...maxMinutes)))
        }
        if let u = lines[i].units, u < 0 || u > maxUnits {
            p.append(FieldProblem(pointer: base + "/units", message: outOfRange("units", 0...maxUnits)))
        }
        if let a = lines[i].assistantMinutes {
            if a < 0 || a > maxMinutes {
                p.append(FieldProblem(pointer: base + "/assistantMinutes",
                                      message: outOfRange("assistantMinutes", 0...maxMinutes)))
            } else if let m = lines[i].minutes, m >= 0, a > m {
                p.append(FieldProblem(pointer: base + "/assistantMinutes",
                                      message: "assistantMinutes cannot exceed the line's minutes"))
            }
        }
        if let mods = lines[i].modifiers {
            if mods.count > maxModifiers {
                p.append(FieldProblem(pointer: base + "/modifiers", message: "at most \(maxModifiers) modifiers are accepted"))
            }
            for (j, m) in mods.prefix(maxModifiers).enumerated() {
                if !isModifierShaped(m) {
                    p.append(FieldProblem(pointer: base + "/modifiers/\(j)",
                                          message: "a modifier is 2 uppercase letters or digits, such as GP or 59"))
                } else if mods.prefix(j).contains(m) {
                    p.append(FieldProblem(pointer: base + "/modifiers/\(j)", message: "modifier repeated on the line"))
                }
            }
        }
        if let pointers = lines[i].diagnosisPointers {
            if pointers.count > maxDiagnosisPointers {
                p.append(FieldProblem(pointer: base + "/diagnosisPointers",
                                      message: "at most \(maxDiagnosisPointers) diagnosis pointers are accepted"))
            }
            for (j, pointer) in pointers.prefix(maxDiagnosisPointers).enumerated() where pointer < 1 || pointer > maxDiagnoses {
                p.append(FieldProblem(pointer: base + "/diagnosisPointers/\(j)",
                                      message: "a diagnosis pointer is a position in diagnoses, 1 to \(maxDiagnoses)"))
            }
        }
        if let charge = lines[i].charge, charge.cents <= 0 {
            p.append(FieldProblem(pointer: base + "/charge", message: "charge must be greater than 0"))
        }
        if let pos = lines[i].placeOfService, !isPlaceOfServiceShaped(pos) {
            p.append(FieldProblem(pointer: base + "/placeOfService", message: placeOfServiceMessage))
        }
    }

    /// Every line has a date (its own or the claim's); a date range ends on or after its first date and spans at
    /// most `maxRangeDays`.
    private static func validateDates(_ claim: Claim, into p: inout [FieldProblem]) {
        if claim.dateOfService == nil {
            let dated = claim.lines.contains { $0.dateOfService != nil }
            if !dated {
                p.append(FieldProblem(pointer: "/dateOfService",
                                      message: "dateOfService is required (on the claim, or on every line)"))
            } else {
                for i in claim.lines.indices.prefix(maxLines) where claim.lines[i].dateOfService == nil {
                    p.append(FieldProblem(pointer: "/lines/\(i)/dateOfService",
                                          message: "dateOfService is required: the line has none and the claim has no default dateOfService"))
                }
            }
        }
        for i in claim.lines.indices.prefix(maxLines) {
            guard let through = claim.lines[i].dateOfServiceThrough, let start = claim.lines[i].dateOfService ?? claim.dateOfService else {
                continue
            }
            if through < start {
                p.append(FieldProblem(pointer: "/lines/\(i)/dateOfServiceThrough",
                                      message: "dateOfServiceThrough is before the line's dateOfService"))
            } else if start.days(to: through) >= maxRangeDays {
                p.append(FieldProblem(pointer: "/lines/\(i)/dateOfServiceThrough",
                                      message: "a line's date range may span at most \(maxRangeDays) days"))
            }
        }
    }

    /// Diagnoses, charges, place of service, providers' taxonomy codes and the original claim id: their form. What
    /// they mean (a code valid for the date, a total that adds up) is for the scrub's findings.
    private static func validateClaimContent(_ claim: Claim, into p: inout [FieldProblem]) {
        if let diagnoses = claim.diagnoses {
            if diagnoses.count > maxDiagnoses {
                p.append(FieldProblem(pointer: "/diagnoses", message: "at most \(maxDiagnoses) diagnoses are accepted"))
            }
            for (j, code) in diagnoses.prefix(maxDiagnoses).enumerated() where ICD10CMCodeSet.normalize(code) == nil {
                p.append(FieldProblem(pointer: "/diagnoses/\(j)",
                                      message: "an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)"))
            }
        }
        if let total = claim.totalCharge, total.cents <= 0 {
            p.append(FieldProblem(pointer: "/totalCharge", message: "totalCharge must be greater than 0"))
        }
        if let pos = claim.placeOfService, !isPlaceOfServiceShaped(pos) {
            p.append(FieldProblem(pointer: "/placeOfService", message: placeOfServiceMessage))
        }
        if let taxonomy = claim.provider.taxonomy, !isTaxonomyShaped(taxonomy) {
            p.append(FieldProblem(pointer: "/provider/taxonomy", message: taxonomyMessage))
        }
        if let taxonomy = claim.billingProvider?.taxonomy, !isTaxonomyShaped(taxonomy) {
            p.append(FieldProblem(pointer: "/billingProvider/taxonomy", message: taxonomyMessage))
        }
        if let original = claim.originalClaimId, original.isEmpty {
            p.append(FieldProblem(pointer: "/originalClaimId", message: "originalClaimId must not be empty"))
        }
    }

    private static let placeOfServiceMessage = "a place of service is a two-digit CMS code such as 11"
    private static let taxonomyMessage = "a NUCC taxonomy code is 10 uppercase letters and digits ending in X, such as 225100000X"

    /// Two ASCII digits (the CMS place-of-service code form).
    public static func isPlaceOfServiceShaped(_ code: String) -> Bool {
        var n = 0
        for b in code.utf8 {
            guard n < 2, b >= 48, b <= 57 else { return false }
            n += 1
        }
        return n == 2
    }

    /// Ten uppercase ASCII letters or digits, the last an X (the NUCC taxonomy code form).
    public static func isTaxonomyShaped(_ code: String) -> Bool {
        var n = 0
        var last: UInt8 = 0
        for b in code.utf8 {
            guard n < 10, (b >= 48 && b <= 57) || (b >= 65 && b <= 90) else { return false }
            last = b
            n += 1
        }
        return n == 10 && last == UInt8(ascii: "X")
    }

    /// CPT (5 digits, or 4 digits and a letter for Category II/III) or HCPCS Level II (a letter and 4 digits).
    public static func isCodeShaped(_ code: String) -> Bool {
        guard code.utf8.count == 5 else { return false }
        // One contiguous view of the bytes (iterating `utf8` re-reads a small string per byte).
        var text = code
        return text.withUTF8 { bytes in
            var n = 0
            var letters = 0
            var letterAt = -1
            for b in bytes {
                guard n < 5 else { return false }
                if b >= 48 && b <= 57 {
                } else if b >= 65 && b <= 90 {
                    letters += 1
                    letterAt = n
                } else {
                    return false
                }
                n += 1
            }
            return n == 5 && (letters == 0 || (letters == 1 && (letterAt == 0 || letterAt == 4)))
        }
    }

    /// Two uppercase ASCII letters or digits.
    public static func isModifierShaped(_ m: String) -> Bool {
        guard let key = ModifierKey.ascii(m) else { return false }
        func shaped(_ b: UInt16) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) }
        return shaped(key & 0xFF) && shaped(key >> 8)
    }
}
