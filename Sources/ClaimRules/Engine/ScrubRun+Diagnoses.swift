/// Diagnoses (ICD-10-CM) and the lines' diagnosis pointers: presence, pointers, duplicates, codes valid and billable
/// for the date of service, and what may not be first-listed (ICD-10-CM Official Guidelines for Coding and Reporting;
/// CMS Pub. 100-04 ch. 26 §10.4 items 21 and 24E). Messages name diagnoses by position, never by code.
extension ScrubRun {
    /// Most pointers a line may carry on the claim form and in the 837P (SV107-1 to -4).
    static let maxPointersPerLine = 4

    /// The claim carries content of a whole professional claim (charges, place of service, billing provider,
    /// frequency, diagnoses or pointers), not only a visit's units and modifiers: then a diagnosis is required.
    var isBillingClaim: Bool {
        if claim.diagnoses != nil || claim.totalCharge != nil || claim.placeOfService != nil || claim.billingProvider != nil
            || claim.frequency != nil {
            return true
        }
        return claim.lines.contains { $0.charge != nil || $0.diagnosisPointers != nil || $0.placeOfService != nil }
    }

    /// `diagnosisCodes` are the ICD-10-CM releases the codes are checked against.
    mutating func checkDiagnoses(_ diagnosisCodes: ICD10CMCatalog) {
        let listed = claim.diagnoses ?? []
        guard !listed.isEmpty || isBillingClaim else { return }
        if listed.isEmpty {
            report(.diagnosisMissing,
                   "The claim lists no diagnosis; a professional claim needs at least one ICD-10-CM code, and each line points to the ones it treats.",
                   fix: "Send the diagnoses (ICD-10-CM, first-listed first) and each line's diagnosisPointers.")
        }
        let codes = listed.map { ICD10CMCodeSet.normalize($0) }
        checkDuplicateDiagnoses(codes)
        checkPointers(count: codes.count)
        guard !codes.isEmpty else { return }
        checkFirstListed(codes, diagnosisCodes)
        // No release loaded at all means the caller checks diagnoses for form only (ICD10CMCatalog.empty).
        if !diagnosisCodes.codeSets.isEmpty { checkAgainstCodeSets(codes, diagnosisCodes) }
    }

    private mutating func checkDuplicateDiagnoses(_ codes: [String?]) {
        for j in codes.indices {
            guard let code = codes[j], let k = codes[..<j].firstIndex(where: { $0 == code }) else { continue }
            report(.diagnosisDuplicate,
                   MessageText.join("Diagnosis ", String(j + 1), " repeats diagnosis ", String(k + 1), "."),
                   fix: "List each ICD-10-CM code once and point the lines to that position.")
        }
    }

    /// Every line points to at least one listed diagnosis, at most 4, each an existing position, none twice.
    private mutating func checkPointers(count: Int) {
        var pointerless: [Int] = []
        for i in lines.indices {
            let pointers = claim.lines[i].diagnosisPointers ?? []
            if pointers.isEmpty {
                if count > 0 { pointerless.append(i) }
                continue
            }
            if pointers.count > ScrubRun.maxPointersPerLine {
                report(.diagnosisTooManyPointers, lines: ScrubRun.single(i),
                       MessageText.join(lines[i].code, " carries ", String(pointers.count),
                                        " diagnosis pointers; the claim form and the 837P carry 4 per line."),
                       fix: "Keep the 4 diagnoses most relevant to the service, the primary one first.")
            }
            for (j, p) in pointers.enumerated() {
                if p < 1 || p > count {
                    report(.diagnosisPointerInvalid, lines: ScrubRun.single(i),
                           MessageText.join(lines[i].code, " points to diagnosis ", MessageText.number(p), ", but the claim lists ",
                                            String(count), count == 1 ? " diagnosis." : " diagnoses."),
                           fix: "Point the line to positions of the claim's diagnosis list (1 is the first-listed).")
                } else if pointers[..<j].contains(p) {
                    report(.diagnosisPointerInvalid, lines: ScrubRun.single(i),
                           MessageText.join(lines[i].code, " points to diagnosis ", MessageText.number(p), " twice."),
                           fix: "Point to each diagnosis once.")
                }
            }
        }
        if !pointerless.isEmpty {
            report(.diagnosisPointerMissing, lines: pointerless,
                   pointerless.count == 1 ? "A line points to no diagnosis." : "\(pointerless.count) lines point to no diagnosis.",
                   fix: "Give each line the positions of the diagnoses it treats (diagnosisPointers, the primary one first).")
        }
    }

    /// External-cause codes (V00-Y99) never come first, nor manifestation codes (they follow their "code first"
    /// condition): neither at position 1 of the claim nor as a line's first pointer.
    private mutating func checkFirstListed(_ codes: [String?], _ diagnosisCodes: ICD10CMCatalog) {
        var firsts: [(position: Int, lines: [Int])] = [(1, [])]
        for i in lines.indices {
            guard let p = claim.lines[i].diagnosisPointers?.first, p >= 1, p <= codes.count else { continue }
            if let k = firsts.firstIndex(where: { $0.position == p }) { firsts[k].lines.append(i) } else { firsts.append((p, [i])) }
        }
        for (position, pointing) in firsts {
            guard let code = codes[position - 1], let letter = code.utf8.first else { continue }
            let whereText = position == 1 && pointing.isEmpty ? "first-listed on the claim"
                : position == 1 ? "first-listed on the claim and first on the line"
                : "the first diagnosis of the line"
            if letter >= UInt8(ascii: "V") && letter <= UInt8(ascii: "Y") {
                report(.diagnosisExternalCauseFirst, lines: pointing,
                       MessageText.join("Diagnosis ", String(position), " is an external-cause code (V00-Y99) and is ", whereText,
                                        "; external-cause codes describe how an injury happened and are never listed first."),
                       fix: "List the injury or condition treated first and the external-cause code after it.")
            } else if isManifestation(code, usedBy: pointing, diagnosisCodes) {
                report(.diagnosisManifestationFirst, lines: pointing,
                       MessageText.join("Diagnosis ", String(position), " is a manifestation code and is ", whereText,
                                        "; its underlying condition must be coded first."),
                       fix: "List the underlying (etiology) condition first and the manifestation code after it.")
            }
        }
    }

    /// Whether a release in force on a date the code is used says it is a manifestation code.
    private func isManifestation(_ code: String, usedBy pointing: [Int], _ diagnosisCodes: ICD10CMCatalog) -> Bool {
        let used = pointing.isEmpty ? allLines : pointing
        for i in used {
            if diagnosisCodes.codeSet(on: date(ofLine: i))?.lookup(code)?.manifestation == true { return true }
        }
        return false
    }

    /// Each diagnosis against the ICD-10-CM release in force on each date it is used (the dates of the lines that
    /// point to it, or every date when no line does). A date after every loaded release's window (the current
    /// fiscal year's release not imported yet) is judged by the newest release that ended before it, but only with
    /// warnings: a code absent there, or a heading there, may be new or expanded in the current year. A date no
    /// release covers and none precedes is said once (when releases are loaded at all).
    private mutating func checkAgainstCodeSets(_ codes: [String?], _ diagnosisCodes: ICD10CMCatalog) {
        var sets: [(set: ICD10CMCodeSet, standIn: Bool)?] = []
        sets.reserveCapacity(days.count)
        for d in days {
            if let set = diagnosisCodes.codeSet(on: d.date) {
                sets.append((set, false))
            } else if let set = diagnosisCodes.newestRelease(endedBefore: d.date) {
                sets.append((set, true))
            } else {
                sets.append(nil)
            }
        }
        var uncovered: [Int] = []
        for (j, code) in codes.enumerated() {
            var used: [Int] = []
            for d in days.indices where lines.contains(where: { $0.day == d && (claim.lines[$0.index].diagnosisPointers?.contains(j + 1) ?? false) }) {
                used.append(d)
            }
            if used.isEmpty { used = Array(days.indices) }
            var problem: (id: FindingID, text: String)?
            var unconfirmed: String?
            for d in used {
                guard let chosen = sets[d] else {
                    for i in lines.indices where lines[i].day == d && !uncovered.contains(i) { uncovered.append(i) }
                    continue
                }
                guard problem == nil else { continue }
                let set = chosen.set
                let entry = code.flatMap { set.lookup($0) }
                if let entry, entry.billable { continue }
                if chosen.standIn {
                    guard unconfirmed == nil else { continue }
                    unconfirmed = MessageText.join(
                        "Diagnosis ", String(j + 1), entry == nil ? " is not a code of " : " is a heading, not a billable code, in ",
                        "ICD-10-CM release ", set.id, " (in force through ", set.through?.description ?? "", "), ",
                        "the newest release loaded, which ended before the date of service; the code may be new or expanded in the current fiscal year.")
                } else if entry == nil {
                    problem = (.diagnosisNotValid, MessageText.join("Diagnosis ", String(j + 1), " is not an ICD-10-CM code of release ",
                                                                    set.id, ", in force on the date of service."))
                } else {
                    problem = (.diagnosisNotBillable, MessageText.join("Diagnosis ", String(j + 1),
                                                                       " is a category or subcategory heading, not a billable code (", set.id, ")."))
                }
            }
            let pointing = lines.indices.filter { claim.lines[$0].diagnosisPointers?.contains(j + 1) ?? false }
            if let problem {
                report(problem.id, lines: pointing, problem.text,
                       fix: problem.id == .diagnosisNotBillable
                           ? "Code to the highest number of characters available (including a 7th character where required)."
                           : "Check the code against the ICD-10-CM release for the date of service (a code may be new, deleted or mistyped).")
            } else if let unconfirmed {
                report(.diagnosisNotConfirmed, lines: pointing, unconfirmed, fix: ScrubRun.importCurrentICD10CM)
            }
        }
        reportEarlierReleases(sets, diagnosisCodes)
        guard !uncovered.isEmpty else { return }
        let all = uncovered.count == lines.count
        report(.diagnosisCodeSetUnavailable, lines: all ? [] : uncovered.sorted(),
               all ? "No loaded ICD-10-CM release covers the date of service, so the diagnosis codes were checked for form only."
                   : "No loaded ICD-10-CM release covers some dates of service, so their diagnosis codes were checked for form only.",
               fix: "Load the ICD-10-CM release (fiscal year, October 1 to September 30) that covers the dates of service.")
    }

    static let importCurrentICD10CM =
        "Import the ICD-10-CM release of the date of service's fiscal year (the CMS order file, published each summer for October 1) with claim-scrubber import-icd10cm FILE, then scrub again."

    /// One information finding per claim naming the earlier release(s) that judged dates after every loaded
    /// release's window, and the lines of those dates when not all of the claim's are.
    private mutating func reportEarlierReleases(_ sets: [(set: ICD10CMCodeSet, standIn: Bool)?], _ diagnosisCodes: ICD10CMCatalog) {
        var ids: [String] = []
        var affected: [Int] = []
        for i in lines.indices {
            guard let chosen = sets[lines[i].day], chosen.standIn else { continue }
            affected.append(i)
            if !ids.contains(chosen.set.id) { ids.append(chosen.set.id) }
        }
        guard let newest = ids.last else { return }
        let through = diagnosisCodes.codeSets.last { $0.id == newest }?.through?.description ?? ""
        report(.diagnosisCodeSetEarlierRelease, lines: linesOrClaim(affected),
               MessageText.join("No loaded ICD-10-CM release covers ", affected.count == lines.count ? "the date of service" : "some dates of service",
                                ", so the diagnoses were checked against ", ids.joined(separator: " and "),
                                " (in force through ", through, "), the newest earlier release: a code it lacks is a warning, not an error."),
               fix: ScrubRun.importCurrentICD10CM)
    }
}
