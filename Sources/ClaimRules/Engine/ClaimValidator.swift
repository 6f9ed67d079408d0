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
        } else if rules.payers[claim.payer] == nil {
            let known = rules.payers.keys.sorted().joined(separator: ", ")
            p.append(FieldProblem(pointer: "/payer", message: "unknown payer; expected one of: \(known)"))
        }
        if claim.lines.isEmpty {
            p.append(FieldProblem(pointer: "/lines", message: "a claim needs at least one line"))
        } else if claim.lines.count > maxLines {
            p.append(FieldProblem(pointer: "/lines", message: "at most \(maxLines) lines are accepted"))
        }
        for (i, line) in claim.lines.prefix(maxLines).enumerated() {
            let base = "/lines/\(i)"
            if !isCodeShaped(line.code) {
                p.append(FieldProblem(pointer: base + "/code",
                                      message: "code must be a 5-character CPT/HCPCS code such as 97530 or G0283"))
            }
            if let m = line.minutes, m < 0 || m > maxMinutes {
                p.append(FieldProblem(pointer: base + "/minutes", message: outOfRange("minutes", 0...maxMinutes)))
            }
            if let u = line.units, u < 0 || u > maxUnits {
                p.append(FieldProblem(pointer: base + "/units", message: outOfRange("units", 0...maxUnits)))
            }
            if let a = line.assistantMinutes {
                if a < 0 || a > maxMinutes {
                    p.append(FieldProblem(pointer: base + "/assistantMinutes",
                                          message: outOfRange("assistantMinutes", 0...maxMinutes)))
                } else if let m = line.minutes, m >= 0, a > m {
                    p.append(FieldProblem(pointer: base + "/assistantMinutes",
                                          message: "assistantMinutes cannot exceed the line's minutes"))
                }
            }
            if let mods = line.modifiers {
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
            for (i, o) in others.prefix(maxOtherServices).enumerated() {
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

    /// CPT (5 digits, or 4 digits and a letter for Category II/III) or HCPCS Level II (a letter and 4 digits).
    public static func isCodeShaped(_ code: String) -> Bool {
        var n = 0
        var letters = 0
        var letterAt = -1
        for b in code.utf8 {
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

    /// Two uppercase ASCII letters or digits.
    public static func isModifierShaped(_ m: String) -> Bool {
        var n = 0
        for b in m.utf8 {
            guard n < 2, (b >= 48 && b <= 57) || (b >= 65 && b <= 90) else { return false }
            n += 1
        }
        return n == 2
    }
}
