/// Charges, place of service and claim frequency: what a professional claim (CMS-1500, 837P) carries besides the
/// services (CMS Pub. 100-04 ch. 26 §10.4-§10.5; ASC X12 837P 005010X222A1 CLM02, CLM05, SV102, SV105).
extension ScrubRun {
    mutating func checkChargesAndPlaceOfService() {
        checkCharges()
        checkPlaceOfService()
        if let frequency = claim.frequency, frequency != .original, (claim.originalClaimId ?? "").isEmpty {
            let what = frequency == .replacement ? "A replacement claim (frequency 7)" : "A void claim (frequency 8)"
            report(.originalClaimIdMissing, MessageText.join(what, " must name the payer's claim number of the claim it replaces or voids."),
                   fix: "Send originalClaimId (837P REF*F8), or send the claim as an original (frequency 1).")
        }
    }

    /// Once any charge is sent, every line needs one, and a total must equal their sum.
    private mutating func checkCharges() {
        let anyLineCharge = claim.lines.contains { $0.charge != nil }
        guard anyLineCharge || claim.totalCharge != nil else { return }
        let missing = lines.indices.filter { claim.lines[$0].charge == nil }
        if !missing.isEmpty {
            report(.chargeMissing, lines: missing,
                   missing.count == 1 ? "A line has no charge while the claim carries charges."
                       : "\(missing.count) lines have no charge while the claim carries charges.",
                   fix: "Send each line's charge (the provider's usual fee for its units).")
            return
        }
        guard let total = claim.totalCharge else { return }
        var sum = Money(cents: 0)
        for line in claim.lines { sum = sum + (line.charge ?? Money(cents: 0)) }
        guard sum != total else { return }
        report(.totalChargeMismatch,
               MessageText.join("The claim's total charge is $", total.description, " but its lines add up to $", sum.description, "."),
               fix: "Send the sum of the line charges as totalCharge, or correct the line charges.")
    }

    /// Each line's place of service (its own, else the claim's) must be a CMS code in effect on its date; a facility
    /// setting means the institutional claim. Checked only when the rule set has the code set.
    private mutating func checkPlaceOfService() {
        let claimCode = claim.placeOfService
        guard claimCode != nil || claim.lines.contains(where: { $0.placeOfService != nil }) else { return }
        var invalid: [(code: String, lines: [Int])] = []
        var institutional: [(code: String, lines: [Int])] = []
        var claimCodeUsed = false
        // The previous line's lookup, reused while the code and rule set repeat (lines mostly share one place).
        var last: (code: String, rulesIndex: Int, entry: PlaceOfService?)?
        for i in lines.indices {
            guard let code = claim.lines[i].placeOfService ?? claimCode else { continue }
            if claim.lines[i].placeOfService == nil { claimCodeUsed = true }
            let k = days[lines[i].day].rulesIndex
            let found: PlaceOfService?
            if let last, last.rulesIndex == k, last.code == code {
                found = last.entry
            } else {
                // The table alone, not a copy of the whole rule set per line.
                let table = rulesets[k].placesOfService
                guard table.count > 0 else { continue }
                found = table[code]
                last = (code, k, found)
            }
            if let entry = found, entry.effective.map({ $0 <= date(ofLine: i) }) ?? true {
                if entry.institutional { ScrubRun.add(i, code, to: &institutional) }
            } else {
                ScrubRun.add(i, code, to: &invalid)
            }
        }
        if let claimCode, !claimCodeUsed, rules.placesOfService.count > 0, rules.placesOfService[claimCode] == nil {
            invalid.insert((claimCode, []), at: 0)
        }
        for (code, at) in invalid {
            report(.placeOfServiceInvalid, lines: linesOrClaim(at),
                   MessageText.join("Place of service ", code, " is not a CMS place-of-service code in effect on the date of service."),
                   fix: "Use the two-digit CMS code of the setting where the service was furnished (11 office, 12 home, ...).")
        }
        for (code, at) in institutional {
            let name = rules.placesOfService[code]?.name ?? "a facility"
            report(.placeOfServiceInstitutional, lines: linesOrClaim(at),
                   MessageText.join("Place of service ", code, " (", name,
                                    ") is a facility setting: outpatient therapy there is billed by the facility on the institutional claim (UB-04/837I with revenue codes 042x, 043x or 044x), not on a professional claim."),
                   fix: "Send the services to the facility's institutional billing, or correct the place of service if they were furnished elsewhere (e.g. 11 office, 12 home).")
        }
    }

    private static func add(_ line: Int, _ code: String, to groups: inout [(code: String, lines: [Int])]) {
        if let k = groups.firstIndex(where: { $0.code == code }) { groups[k].lines.append(line) } else { groups.append((code, [line])) }
    }
}
