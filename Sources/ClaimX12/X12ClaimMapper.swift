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

    public init(payerMap: X12PayerMap = X12PayerMap()) {
        self.payerMap = payerMap
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
        if let (profile, key) = payerMap.payer(payerID: record.payerID?.value, filingIndicator: record.filingIndicator?.value) {
            payer = profile
            locator.payerField = key == .payerId ? record.payerID : record.filingIndicator
        } else {
            locator.payerField = record.filingIndicator ?? record.payerID
            problem(.payerNotMapped, record.filingIndicator ?? record.payerID,
                    "No payer profile for this claim: SBR09 is not MB (Medicare Part B) or 16 (Medicare Advantage), and neither the payer id (2010BB NM109) nor SBR09 is in the x12.payerMap setting.")
        }

        var frequency: ClaimFrequency?
        if let f = record.frequency {
            frequency = ClaimFrequency(rawValue: f.value)
            if frequency == nil {
                problem(.frequencyUnsupported, f, "CLM05-3 must be 1 (original), 7 (replacement) or 8 (void).")
            }
        }

        let totalCharge = amount(record.totalCharge, &problems)

        var diagnoses: [String] = []
        for d in record.diagnoses {
            if d.qualifier == "BK" || d.qualifier == "BF" {
                problem(.diagnosisCodeSystem, d.code,
                        "\(d.code.element) is an ICD-9-CM code (qualifier \(d.qualifier)); claims for services since 2015-10-01 use ICD-10-CM (ABK, ABF).")
            }
            diagnoses.append(d.code.value)
        }

        let billing: Claim.BillingProvider? = record.billing?.npi.map {
            Claim.BillingProvider(npi: $0.value, taxonomy: record.billing?.taxonomy?.value)
        }

        // Rendering provider of the claim: 2310B; else the same 2420A on every line; else the billing provider.
        let lineRenderers = record.lines.compactMap { $0.rendering?.npi?.value }
        var rendering = record.rendering
        if rendering == nil, lineRenderers.count == record.lines.count, let first = lineRenderers.first,
           lineRenderers.allSatisfy({ $0 == first }) {
            rendering = record.lines.first?.rendering
        }
        rendering = rendering ?? record.billing
        locator.provider = rendering

        var role = rendering?.taxonomy.flatMap { ProviderTaxonomy.role(nucc: $0.value) }
        if role == nil { role = X12ClaimMapper.roleFromModifiers(record.lines) }
        if role == nil {
            problem(.roleUndetermined, rendering?.taxonomy ?? rendering?.name,
                    "The rendering provider's role cannot be told: send PRV*PE (2310B or 2420A) or PRV*BI with a NUCC taxonomy code such as 225100000X (physical therapist), or GP, GO or GN on the lines.")
        }
        let provider = Claim.Provider(npi: rendering?.npi?.value, role: role ?? .other, taxonomy: rendering?.taxonomy?.value)

        var supervisor: Claim.Supervisor?
        if let s = record.supervisor, let discipline = role?.discipline ?? X12ClaimMapper.roleFromModifiers(record.lines)?.discipline {
            supervisor = Claim.Supervisor(npi: s.npi?.value, role: X12ClaimMapper.therapist(of: discipline))
        }

        var lines: [Claim.Line] = []
        lines.reserveCapacity(record.lines.count)
        for line in record.lines {
            lines.append(mapLine(line, record: record, &problems))
        }

        guard problems.isEmpty else { return .problems(problems) }
        let claim = Claim(claimId: record.claimID, payer: payer, dateOfService: nil, frequency: frequency,
                          originalClaimId: record.originalClaimID?.value, placeOfService: record.placeOfService?.value,
                          totalCharge: totalCharge, diagnoses: diagnoses, billingProvider: billing, provider: provider,
                          supervisor: supervisor, lines: lines)
        return .claim(claim, locator)
    }

    private func mapLine(_ line: X12ServiceLine, record: X12ClaimRecord, _ problems: inout [X12Problem]) -> Claim.Line {
        func problem(_ code: X12ProblemCode, _ at: X12Field?, _ message: String) {
            problems.append(X12Problem(code, segment: at?.segment ?? line.serviceSegment, segmentID: at?.segmentID ?? "SV1",
                                       element: at?.element, message: message))
        }
        if line.qualifier != "HC" {
            problem(.procedureQualifier, line.code, "SV101-1 is not HC: only CPT and HCPCS procedure codes are scrubbed.")
        }
        if let d = line.description, ClaimValidator.isModifierShaped(d.value) {
            problem(.modifierCount, d,
                    "SV101-7 holds what looks like a fifth modifier; the 837P carries at most four (SV101-3 to SV101-6).")
        }
        var units: Int?
        var minutes: Int?
        if let q = line.quantity {
            let whole = X12ClaimMapper.wholeNumber(q.value)
            if line.unitBasis?.value == "MJ" {
                if let whole, whole >= 0 { minutes = whole } else {
                    problem(.unitsNotWhole, q, "SV104 must be whole minutes when SV103 is MJ.")
                }
            } else if let whole, whole >= 1 {
                units = whole
            } else {
                problem(.unitsNotWhole, q, "SV104 must be a whole number of units, 1 or more.")
            }
        }
        var assistantMinutes: Int?
        if let note = line.note {
            switch X12MinutesNote.read(qualifier: line.noteQualifier, text: note.value) {
            case .none:
                break
            case .minutes(let m):
                if minutes != nil {
                    problem(.minutesNote, note, "The line sends minutes twice: SV103 MJ and a MIN= note; send one.")
                }
                minutes = m.minutes
                assistantMinutes = m.assistantMinutes
            case .malformed:
                problem(.minutesNote, note,
                        "NTE02 starts with MIN= but is not a minutes note: write NTE*ADD*MIN=38 or NTE*ADD*MIN=38;ASST=12 (whole minutes, no spaces).")
            }
        }
        var pointers: [Int] = []
        for p in line.pointers {
            if let n = Int(p.value) { pointers.append(n) }
        }
        var from: CalendarDate?
        var through: CalendarDate?
        if let d = line.date {
            let parts = d.value.split(separator: "-")
            from = parts.first.flatMap { Int($0) }.flatMap { CalendarDate(yyyymmdd: $0) }
            if line.dateFormat == "RD8", parts.count == 2 {
                through = Int(parts[1]).flatMap { CalendarDate(yyyymmdd: $0) }
                if through == from { through = nil }
            }
        }
        let renderer = line.rendering ?? record.rendering ?? record.billing
        let assistant = line.rendering?.taxonomy.flatMap { ProviderTaxonomy.role(nucc: $0.value) }?.isAssistant == true
        return Claim.Line(code: line.code?.value ?? "", dateOfService: from, dateOfServiceThrough: through,
                          minutes: minutes, units: units, modifiers: line.modifiers.map(\.value),
                          assistantMinutes: assistantMinutes, assistantInvolved: assistant ? true : nil,
                          clinicianId: renderer?.npi?.value, diagnosisPointers: pointers.isEmpty ? nil : pointers,
                          charge: amount(line.charge, &problems), placeOfService: line.placeOfService?.value)
    }

    /// An X12 decimal (`R`) in dollars as `Money`; a problem when it has more than two decimals.
    private func amount(_ field: X12Field?, _ problems: inout [X12Problem]) -> Money? {
        guard let field else { return nil }
        var text = Substring(field.value)
        var negative = false
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        }
        if text.first == "." { text = "0" + text }
        guard let money = Money(decimal: text) else {
            problems.append(X12Problem(.amountInvalid, segment: field.segment, segmentID: field.segmentID, element: field.element,
                                       message: "\(field.element) must be an amount in dollars with at most two decimals."))
            return nil
        }
        return negative ? Money(cents: -money.cents) : money
    }

    /// `3`, `3.0`, `3.00` → 3; nil for fractions, signs and anything else.
    static func wholeNumber(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.utf8.count <= 6,
              whole.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if parts.count == 2, !parts[1].utf8.allSatisfy({ $0 == 48 }) { return nil }
        return Int(whole)
    }

    /// The therapist role the lines' therapy modifiers name when they all agree (GP PT, GO OT, GN SLP).
    static func roleFromModifiers(_ lines: [X12ServiceLine]) -> Role? {
        var found: Role?
        for line in lines {
            let mods = Set(line.modifiers.map(\.value))
            let roles = [("GP", Role.pt), ("GO", Role.ot), ("GN", Role.slp)].filter { mods.contains($0.0) }.map(\.1)
            guard roles.count <= 1 else { return nil }
            guard let r = roles.first else { continue }
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
