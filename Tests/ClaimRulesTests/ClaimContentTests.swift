import Testing
@testable import ClaimRules

private func dollars(_ cents: Int64) -> Money { Money(cents: cents) }

/// A whole professional claim: two lines with charges, diagnoses and pointers, office, billing provider.
private func billingClaim() -> Claim {
    var c = withDiagnoses(makeClaim([line("97530", 30, units: 2), line("97110", 23, units: 2)]), ["M62.81"], pointers: [[1], [1]])
    c.totalCharge = dollars(24_050)
    c.lines[0].charge = dollars(12_000)
    c.lines[1].charge = dollars(12_050)
    c.placeOfService = "11"
    c.frequency = .original
    c.billingProvider = Claim.BillingProvider(npi: "1234567893", taxonomy: "225100000X")
    c.provider.taxonomy = "225100000X"
    return c
}

private func changed(_ change: (inout Claim) -> Void) -> Claim {
    var c = billingClaim()
    change(&c)
    return c
}

@Suite("Charges, place of service, NPIs, taxonomy codes and claim frequency")
struct ClaimContentTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.chargeMissing, "a line without a charge", changed { $0.lines[1].charge = nil }),
        TriggerCase(.totalChargeMismatch, "total 240.50, lines 240.00", changed { $0.lines[1].charge = dollars(12_000) }),
        TriggerCase(.placeOfServiceInvalid, "unassigned code 45", changed { $0.placeOfService = "45" }),
        TriggerCase(.placeOfServiceInstitutional, "on-campus outpatient hospital", changed { $0.placeOfService = "22" }),
        TriggerCase(.npiInvalid, "rendering NPI with a wrong check digit", changed { $0.provider.npi = "1234567890" }),
        TriggerCase(.taxonomyRoleMismatch, "a PT with an OT taxonomy", changed { $0.provider.taxonomy = "225X00000X" }),
        TriggerCase(.taxonomyModifierMismatch, "an OT billing provider on GP lines",
                    changed { $0.billingProvider?.taxonomy = "225X00000X" }),
        TriggerCase(.originalClaimIdMissing, "a replacement without the original claim", changed { $0.frequency = .replacement }),
    ]

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c).ids.contains(c.id))
    }

    @Test("A whole, consistent professional claim is clean")
    func cleanBillingClaim() {
        let r = scrub(billingClaim(), makeRules(), makeCatalog())
        #expect(r.status == .clean)
        #expect(r.errors.isEmpty && r.warnings.isEmpty && r.conflicts.isEmpty, "\(r.allFindingIDs)")
        #expect(r.correctedClaim == billingClaim())
    }

    @Test("Charges add up to the cent")
    func chargesExact() {
        let c = changed {
            $0.lines.append(line("97140", 15, units: 1))
            $0.lines[0].charge = dollars(10_010)
            $0.lines[1].charge = dollars(20)
            $0.lines[2].charge = dollars(4_500)
            $0.lines[2].diagnosisPointers = [1]
            $0.totalCharge = dollars(14_530)
        }
        #expect(!scrub(c).ids.contains(.totalChargeMismatch))
        var off = c
        off.totalCharge = dollars(14_531)
        let f = scrub(off).finding(.totalChargeMismatch)
        #expect(f?.message.contains("145.31") == true && f?.message.contains("145.30") == true)
        // Line charges without a total are fine; a total without line charges names every line.
        var noTotal = c
        noTotal.totalCharge = nil
        #expect(!scrub(noTotal).ids.contains(.chargeMissing))
        let onlyTotal = changed { for i in $0.lines.indices { $0.lines[i].charge = nil } }
        #expect(scrub(onlyTotal).finding(.chargeMissing)?.lines == [0, 1])
    }

    @Test("Place of service: a line's own code wins over the claim's; codes count from their effective date")
    func placeOfServicePerLine() {
        let mixed = changed {
            $0.placeOfService = "22"
            $0.lines[1].placeOfService = "11"
        }
        let r = scrub(mixed)
        #expect(r.finding(.placeOfServiceInstitutional)?.lines == [0])
        #expect(r.finding(.placeOfServiceInstitutional)?.message.contains("UB-04/837I") == true)
        #expect(r.status == .warnings)
        // An unused invalid claim default is still reported, as the claim's own.
        let unused = changed {
            $0.placeOfService = "45"
            $0.lines[0].placeOfService = "11"
            $0.lines[1].placeOfService = "12"
        }
        #expect(scrub(unused).finding(.placeOfServiceInvalid)?.lines == [])
        // POS 10 (telehealth in the patient's home) exists from 2022-01-01 only.
        let early = changed {
            $0.placeOfService = "10"
            $0.dateOfService = d("2021-06-01")
        }
        #expect(scrub(early).ids.contains(.placeOfServiceInvalid))
        #expect(!scrub(changed { $0.placeOfService = "10" }).ids.contains(.placeOfServiceInvalid))
        // A rule set without the code set does not judge place of service.
        var bare = makeRules()
        bare.placesOfService = PlaceOfServiceTable()
        #expect(!scrub(changed { $0.placeOfService = "45" }, bare).ids.contains(.placeOfServiceInvalid))
    }

    @Test("NPI check digit (Luhn with the 80840 prefix)", arguments: [
        ("1234567893", true), ("1234567890", false), ("1245319599", true), ("1003000126", true), ("1003000127", false),
        ("123456789", false), ("12345678930", false), ("12345A7893", false), ("", false), ("１234567893", false),
    ])
    func npiCheckDigit(_ npi: String, _ valid: Bool) {
        #expect(NPI.isValid(npi) == valid)
    }

    @Test("Billing, rendering and supervising NPIs are each checked; messages never quote them")
    func npiEachProvider() {
        let c = changed {
            $0.billingProvider?.npi = "12345"
            $0.provider.npi = "1234567890"
            $0.supervisor = Claim.Supervisor(npi: "9999999999", role: .pt, onSite: true)
        }
        let found = scrub(c).errors.filter { $0.id == .npiInvalid }
        #expect(found.count == 3)
        #expect(found.map(\.message).contains { $0.contains("not a 10-digit") })
        for f in found { #expect(!f.message.contains("12345") && !f.message.contains("9999")) }
    }

    @Test("Taxonomy against the role: assistants, therapists, physicians; unknown codes are not judged")
    func taxonomyRoles() {
        let pta = changed {
            $0.provider = Claim.Provider(npi: "1234567893", role: .pta, taxonomy: "225200000X")
            $0.supervisor = Claim.Supervisor(npi: "1234567893", role: .pt, onSite: true)
            $0.billingProvider?.taxonomy = "261QR0400X"
        }
        #expect(!scrub(pta).ids.contains(.taxonomyRoleMismatch))
        var ptaAsPT = pta
        ptaAsPT.provider.taxonomy = "225100000X"
        #expect(scrub(ptaAsPT).ids.contains(.taxonomyRoleMismatch))
        let physician = changed { $0.provider = Claim.Provider(npi: "1234567893", role: .md, taxonomy: "225100000X") }
        #expect(scrub(physician).ids.contains(.taxonomyRoleMismatch))
        let clinic = changed { $0.provider.taxonomy = "207Q00000X" }
        #expect(!scrub(clinic).ids.contains(.taxonomyRoleMismatch))
        #expect(scrub(clinic).status == .clean)
    }

    @Test("Taxonomy against the therapy modifier names the lines of the other discipline")
    func taxonomyModifiers() {
        let c = changed {
            $0.provider = Claim.Provider(npi: "1234567893", role: .md, taxonomy: "207Q00000X")
            $0.billingProvider?.taxonomy = "225100000X"
            $0.lines[1].modifiers = ["GO"]
        }
        let f = scrub(c).finding(.taxonomyModifierMismatch)
        #expect(f?.lines == [1])
        #expect(f?.severity == .warning)
    }

    @Test("Frequency: replacements and voids name the original claim; originals need not")
    func frequency() {
        #expect(scrub(changed { $0.frequency = .void }).ids.contains(.originalClaimIdMissing))
        #expect(!scrub(changed { $0.frequency = .void; $0.originalClaimId = "PAYER-123" }).ids.contains(.originalClaimIdMissing))
        #expect(!scrub(changed { $0.frequency = .original }).ids.contains(.originalClaimIdMissing))
    }

    @Test("Money parses plain decimals exactly and prints two decimals", arguments: [
        ("125", Int64?.some(12_500)), ("125.5", 12_550), ("125.50", 12_550), ("0.07", 7), ("999999999999.99", 99_999_999_999_999),
        ("1e2", nil), ("-5", nil), ("125.", nil), (".5", nil), ("1.234", nil), ("1000000000000", nil), ("", nil),
    ])
    func money(_ text: String, _ cents: Int64?) {
        #expect(Money(decimal: text)?.cents == cents)
        if let cents { #expect(Money(cents: cents).description.split(separator: ".").last?.count == 2) }
    }
}
