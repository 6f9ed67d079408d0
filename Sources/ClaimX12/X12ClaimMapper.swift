import ClaimRules
import X12

/// Maps a claim read from an 837P onto the claim model.
///
/// | claim model | 837P |
/// |---|---|
/// | `claimId` | CLM01 |
/// | `payer` | configured payer id (2010BB NM109) or filing indicator (SBR09), else SBR09 `MB`/`16` |
/// | `totalCharge`, `placeOfService`, `frequency` | CLM02, CLM05-1, CLM05-3 |
/// | `originalClaimId` | 2300 REF*F8 REF02 |
/// | `diagnoses` | 2300 HI (ABK, ABF), in order |
/// | `billingProvider` | 2010AA NM109 (NM108 `XX`), 2000A PRV*BI PRV03 |
/// | `provider` | 2310B NM1*82 + PRV*PE; else the one 2420A of every line; else the billing provider. Role from the taxonomy, else from the lines' GP/GO/GN |
/// | `supervisor` | 2310D NM1*DQ NM109 (role: the therapist of the provider's discipline) |
/// | line `code`, `modifiers` | SV101-2, SV101-3..6 |
/// | line `charge`, `units`, `placeOfService`, `diagnosisPointers` | SV102, SV104 (SV103 `UN`), SV105, SV107 |
/// | line `minutes` | SV104 when SV103 is `MJ`; or the 2400 note `NTE*ADD*MIN=n[;ASST=m]` |
/// | line `dateOfService`, `dateOfServiceThrough` | DTP*472 D8, or RD8 from-through |
/// | line `clinicianId`, `assistantInvolved` | the line's rendering NPI (2420A, else 2310B, else billing); an assistant taxonomy on 2420A |
public struct X12ClaimMapper: Sendable {
    public var payerMap: X12PayerMap
    /// The role a NUCC taxonomy code means (the rule data's taxonomy table); nil for codes it does not know.
    public var taxonomyRole: @Sendable (String) -> Role?

    public init(payerMap: X12PayerMap = X12PayerMap(), taxonomyRole: (@Sendable (String) -> Role?)? = nil) {
        self.payerMap = payerMap
        self.taxonomyRole = taxonomyRole ?? { X12TaxonomyRoles.role($0) }
    }

    /// The claim and its locator, or the problems that keep it from being scrubbed.
    public enum Mapping: Sendable {
        case claim(Claim, X12ClaimLocator)
        case problems([X12Problem])
    }

    public func map(_ record: X12ClaimRecord) -> Mapping {
        guard record.problems.isEmpty else { return .problems(record.problems) }
        var problems: [X12Problem] = []
        func problem(_ code: X12ProblemCode, _ at: X12Field?, _ message: String) {
            problems.append(X12Problem(code, segment: at?.segment ?? record.segment, segmentID: at?.segmentID ?? "CLM",
                                       element: at?.element, message: message))
        }

        var locator = X12ClaimLocator(record: record)

        // Payer profile.
        var payer = ""
        if let (profile, key) = payerMap.payer(payerID: record.string(record.payerID), filingIndicator: record.string(record.filingIndicator)) {
            payer = profile
            locator.payerField = key == .payerId ? record.payerID : record.filingIndicator
        } else {
            locator.payerField = record.filingIndicator ?? record.payerID
            problem(.payerNotMapped, record.filingIndicator ?? record.payerID,
                    "No payer profile for this claim: SBR09 is not MB (Medicare Part B) or 16 (Medicare Advantage), and neither the payer id (2010BB NM109) nor SBR09 is in the x12.payerMap setting.")
        }

        var frequency: ClaimFrequency?
        if let f = record.frequency {
            frequency = X12ClaimMapper.frequency(record, f)
            if frequency == nil {
                problem(.frequencyUnsupported, record.frequencyField, "CLM05-3 must be 1 (original), 7 (replacement) or 8 (void).")
            }
        }

        var totalCharge: Money?
        if let span = record.totalCharge {
            totalCharge = record.withBytes(span) { X12ClaimMapper.money($0) }
            if totalCharge == nil { problem(.amountInvalid, record.totalChargeField, "CLM02 must be an amount in dollars with at most two decimals.") }
        }

        var diagnoses: [String] = []
        diagnoses.reserveCapacity(record.diagnoses.count)
        for d in record.diagnoses {
            if record.equals(d.qualifier, "BK") || record.equals(d.qualifier, "BF") {
                problem(.diagnosisCodeSystem, d.code,
                        "\(d.code.element) is an ICD-9-CM code (qualifier \(record.string(d.qualifier))); claims for services since 2015-10-01 use ICD-10-CM (ABK, ABF).")
            }
            diagnoses.append(record.string(d.code.value))
        }

        // Providers are read with `switch` and `case let`, which borrow them; `?.map` and `??` copy one.
        var billing: Claim.BillingProvider?
        if case .some(let b) = record.billing, case .some(let npi) = b.npi {
            billing = Claim.BillingProvider(npi: record.string(npi.value), taxonomy: record.string(b.taxonomy))
        }

        // Rendering provider of the claim: 2310B; else the same 2420A on every line; else the billing provider.
        let rendering: X12Provider?
        if record.rendering != nil {
            rendering = record.rendering
        } else if let first = record.lines.first?.rendering?.npi?.value,
                  record.lines.allSatisfy({ line in line.rendering?.npi.map { record.equals($0.value, first) } == true }) {
            rendering = record.lines.first?.rendering
        } else {
            rendering = record.billing
        }
        locator.provider = rendering

        // The provider's NPI and taxonomy as text, made once (the lines' clinician is mostly this NPI).
        let renderingNPI = record.string(rendering?.npi)
        let renderingTaxonomy = record.string(rendering?.taxonomy)
        var role = renderingTaxonomy.flatMap { taxonomyRole($0) }
        if role == nil { role = X12ClaimMapper.roleFromModifiers(record) }
        if role == nil {
            problem(.roleUndetermined, rendering?.taxonomy ?? rendering?.name,
                    "The rendering provider's role cannot be told: send PRV*PE (2310B or 2420A) or PRV*BI with a NUCC taxonomy code such as 225100000X (physical therapist), or GP, GO or GN on the lines.")
        }
        let provider = Claim.Provider(npi: renderingNPI, role: role ?? .other, taxonomy: renderingTaxonomy)

        var supervisor: Claim.Supervisor?
        if case .some(let s) = record.supervisor,
           let discipline = role?.discipline ?? X12ClaimMapper.roleFromModifiers(record)?.discipline {
            supervisor = Claim.Supervisor(npi: record.string(s.npi), role: X12ClaimMapper.therapist(of: discipline))
        }

        var lines: [Claim.Line] = []
        lines.reserveCapacity(record.lines.count)
        // Each line is read in place through a pointer (a copy of a line, which `read[i]` passed as an
        // argument makes, retains and releases every value it holds).
        // The clinician of lines without a 2420A: the 2310B NPI, else the billing provider's.
        let claimClinician: String?
        if case .some(let p) = record.rendering {
            claimClinician = p.npi.map { f in rendering?.npi?.value == f.value ? renderingNPI ?? "" : record.string(f.value) }
        } else {
            claimClinician = record.billing?.npi.map { f in rendering?.npi?.value == f.value ? renderingNPI ?? "" : record.string(f.value) }
        }
        record.lines.withUnsafeBufferPointer { read in
            guard let base = read.baseAddress else { return }
            for i in read.indices {
                lines.append(mapLine(base + i, record: record, claimClinician: claimClinician, rendering: rendering?.npi?.value,
                                     renderingNPI: renderingNPI, &problems))
            }
        }

        guard problems.isEmpty else { return .problems(problems) }
        let claim = Claim(claimId: record.claimID, payer: payer, dateOfService: nil, frequency: frequency,
                          originalClaimId: record.string(record.originalClaimID), placeOfService: record.string(record.placeOfService),
                          totalCharge: totalCharge, diagnoses: diagnoses, billingProvider: billing, provider: provider,
                          supervisor: supervisor, lines: lines)
        return .claim(claim, locator)
    }

    private func mapLine(_ line: UnsafePointer<X12ServiceLine>, record: X12ClaimRecord, claimClinician: String?, rendering: X12Span?,
                         renderingNPI: String?, _ problems: inout [X12Problem]) -> Claim.Line {
        // Captures the segment number, not the line (capturing the line copies it).
        let serviceSegment = line.pointee.serviceSegment
        func problem(_ code: X12ProblemCode, _ at: X12Field?, _ message: String) {
            problems.append(X12Problem(code, segment: at?.segment ?? serviceSegment, segmentID: at?.segmentID ?? "SV1",
                                       element: at?.element, message: message))
        }
        if !record.equals(line.pointee.qualifier, "HC") {
            problem(.procedureQualifier, line.pointee.codeField, "SV101-1 is not HC: only CPT and HCPCS procedure codes are scrubbed.")
        }
        if let d = line.pointee.description, ClaimValidator.isModifierShaped(record.string(d)) {
            problem(.modifierCount, line.pointee.descriptionField,
                    "SV101-7 holds what looks like a fifth modifier; the 837P carries at most four (SV101-3 to SV101-6).")
        }
        var units: Int?
        var minutes: Int?
        if let q = line.pointee.quantity {
            let whole = record.withBytes(q) { X12ClaimMapper.wholeNumber($0) }
            if record.equals(line.pointee.unitBasis, "MJ") {
                if let whole { minutes = whole } else {
                    problem(.unitsNotWhole, line.pointee.quantityField, "SV104 must be whole minutes when SV103 is MJ.")
                }
            } else if let whole, whole >= 1 {
                units = whole
            } else {
                problem(.unitsNotWhole, line.pointee.quantityField, "SV104 must be a whole number of units, 1 or more.")
            }
        }
        var assistantMinutes: Int?
        if let note = line.pointee.note {
            switch X12MinutesNote.read(qualifier: record.string(line.pointee.noteQualifier), text: record.string(note)) {
            case .none:
                break
            case .minutes(let m):
                if minutes != nil {
                    problem(.minutesNote, line.pointee.noteField, "The line sends minutes twice: SV103 MJ and a MIN= note; send one.")
                }
                minutes = m.minutes
                assistantMinutes = m.assistantMinutes
            case .malformed:
                problem(.minutesNote, line.pointee.noteField,
                        "NTE02 starts with MIN= but is not a minutes note: write NTE*ADD*MIN=38 or NTE*ADD*MIN=38;ASST=12 (whole minutes, no spaces).")
            }
        }
        var pointers: [Int] = []
        let pointerSpans = line.pointee.pointers
        if !pointerSpans.isEmpty {
            pointers.reserveCapacity(pointerSpans.count)
            for k in 0..<pointerSpans.count {
                if let n = record.withBytes(pointerSpans[k], { X12ClaimMapper.wholeNumber($0) }) { pointers.append(n) }
            }
        }
        var from: CalendarDate?
        var through: CalendarDate?
        if let d = line.pointee.date {
            let range = record.equals(line.pointee.dateFormat, "RD8")
            record.withBytes(d) { bytes in
                from = X12ClaimMapper.date(bytes, at: 0)
                if range, bytes.count == 17 {
                    through = X12ClaimMapper.date(bytes, at: 9)
                    if through == from { through = nil }
                }
            }
        }
        var charge: Money?
        if let span = line.pointee.charge {
            charge = record.withBytes(span) { X12ClaimMapper.money($0) }
            if charge == nil { problem(.amountInvalid, line.pointee.chargeField, "SV102 must be an amount in dollars with at most two decimals.") }
        }
        // Switches borrow the providers; `line.rendering ?? record.rendering ?? …` copies one.
        let clinician: String?
        var assistant = false
        switch line.pointee.rendering {
        case .some(let p):
            if case .some(let npi) = p.npi {
                clinician = rendering.map { record.equals($0, npi.value) } == true ? renderingNPI : record.string(npi.value)
            } else {
                clinician = nil
            }
            if case .some(let t) = p.taxonomy { assistant = taxonomyRole(record.string(t.value))?.isAssistant == true }
        case .none:
            clinician = claimClinician
        }
        // (`map` over the indices allocates the array once, at its size)
        let modifierSpans = line.pointee.modifiers
        let modifiers = modifierSpans.isEmpty ? [] : (0..<modifierSpans.count).map { record.string(modifierSpans[$0]) }
        return Claim.Line(code: line.pointee.code.map { record.string($0) } ?? "", dateOfService: from, dateOfServiceThrough: through,
                          minutes: minutes, units: units, modifiers: modifiers,
                          assistantMinutes: assistantMinutes, assistantInvolved: assistant ? true : nil,
                          clinicianId: clinician, diagnosisPointers: pointers.isEmpty ? nil : pointers,
                          charge: charge, placeOfService: record.string(line.pointee.placeOfService))
    }

    /// CLM05-3 as a claim frequency (nil for codes other than 1, 7 and 8).
    static func frequency(_ record: X12ClaimRecord, _ span: X12Span) -> ClaimFrequency? {
        if record.equals(span, "1") { return .original }
        if record.equals(span, "7") { return .replacement }
        if record.equals(span, "8") { return .void }
        return nil
    }

    /// An X12 decimal (`R`: optional sign, digits, optional point and digits) in dollars; nil with more
    /// than two decimals or more than 12 whole digits.
    static func money(_ text: String) -> Money? {
        var text = text
        return text.withUTF8 { money($0) }
    }

    static func money(_ bytes: UnsafeBufferPointer<UInt8>) -> Money? {
        var whole: Int64 = 0, fraction: Int64 = 0, wholeDigits = 0, fractionDigits = 0
        var point = false, negative = false, first = true
        for b in bytes {
            defer { first = false }
            if b == UInt8(ascii: "-") && first {
                negative = true
            } else if b == UInt8(ascii: ".") {
                guard !point else { return nil }
                point = true
            } else if b >= 48 && b <= 57 {
                if point {
                    fractionDigits += 1
                    guard fractionDigits <= 2 else { return nil }
                    fraction = fraction * 10 + Int64(b - 48)
                } else {
                    wholeDigits += 1
                    guard wholeDigits <= 12 else { return nil }
                    whole = whole * 10 + Int64(b - 48)
                }
            } else {
                return nil
            }
        }
        guard wholeDigits + fractionDigits > 0 else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let cents = whole * 100 + fraction
        return Money(cents: negative ? -cents : cents)
    }

    /// `3`, `3.0`, `3.00` → 3; nil for fractions, signs and anything else.
    static func wholeNumber(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { wholeNumber($0) }
    }

    static func wholeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0, digits = 0, point = false
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard !point, digits > 0 else { return nil }
                point = true
            } else if b >= 48 && b <= 57 {
                if point {
                    guard b == 48 else { return nil }
                } else {
                    digits += 1
                    guard digits <= 6 else { return nil }
                    value = value * 10 + Int(b - 48)
                }
            } else {
                return nil
            }
        }
        return digits > 0 ? value : nil
    }

    /// The `CCYYMMDD` date at `offset` of `bytes`.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> CalendarDate? {
        guard bytes.count >= offset + 8 else { return nil }
        var v = 0
        for b in bytes[offset..<(offset + 8)] {
            guard b >= 48 && b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return CalendarDate(yyyymmdd: v)
    }

    /// The therapist role the lines' therapy modifiers name when they all agree (GP PT, GO OT, GN SLP).
    static func roleFromModifiers(_ record: X12ClaimRecord) -> Role? {
        // (a line holds no references: reading one by value costs a copy of its words, nothing more)
        var found: Role?
        for line in record.lines {
            var lineRole: Role?
            let modifiers = line.modifiers
            for k in 0..<modifiers.count {
                let m = modifiers[k]
                let r: Role? = record.equals(m, "GP") ? .pt : record.equals(m, "GO") ? .ot : record.equals(m, "GN") ? .slp : nil
                guard let r else { continue }
                if let l = lineRole, l != r { return nil }
                lineRole = r
            }
            guard let r = lineRole else { continue }
            if let f = found, f != r { return nil }
            found = r
        }
        return found
    }

    static func therapist(of discipline: Discipline) -> Role {
        switch discipline {
        case .pt: return .pt
        case .ot: return .ot
        case .slp: return .slp
        }
    }
}
