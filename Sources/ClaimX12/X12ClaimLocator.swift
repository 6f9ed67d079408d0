import X12

/// Finds the place in the 837P of a field of a mapped claim, so problems the claim checks report by
/// JSON pointer (`/lines/2/units`) point at the segment and element the value came from (SV104 of
/// the third line's SV1).
public struct X12ClaimLocator: Sendable {
    let record: X12ClaimRecord
    /// The element the payer profile was chosen by (SBR09 or 2010BB NM109).
    var payerField: X12Field?
    /// The provider the claim's `provider` was taken from.
    var provider: X12Provider?

    init(record: X12ClaimRecord) {
        self.record = record
    }

    /// Ordinal of line `index`'s SV1 segment (0 when out of range).
    public func serviceSegment(ofLine index: Int) -> Int {
        index >= 0 && index < record.lines.count ? record.lines[index].serviceSegment : 0
    }

    /// The segment ordinal, segment identifier and element of `pointer` (RFC 6901), falling back to the
    /// nearest enclosing place (the line's SV1, the claim's CLM).
    public func locate(_ pointer: String) -> (segment: Int, segmentID: String, element: String?) {
        let parts = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let clm = (record.segment, "CLM", String?.none)
        func at(_ f: X12Field?, _ fallback: (Int, String, String?)) -> (Int, String, String?) {
            f.map { ($0.segment, $0.segmentID, $0.element) } ?? fallback
        }
        guard let head = parts.first else { return clm }
        switch head {
        case "claimId": return (record.segment, "CLM", "CLM01")
        case "payer": return at(payerField, clm)
        case "totalCharge": return (record.segment, "CLM", "CLM02")
        case "placeOfService": return (record.segment, "CLM", "CLM05-1")
        case "frequency": return (record.segment, "CLM", "CLM05-3")
        case "originalClaimId": return at(record.originalClaimID, clm)
        case "diagnoses":
            if parts.count > 1, let i = Int(parts[1]), i >= 0, i < record.diagnoses.count { return at(record.diagnoses[i].code, clm) }
            if let d = record.diagnoses.first { return (d.code.segment, "HI", nil) }
            return clm
        case "billingProvider":
            let b = record.billing
            if parts.count > 1, parts[1] == "taxonomy" { return at(b?.taxonomy, at(b?.name, clm)) }
            return at(b?.npi, at(b?.name, clm))
        case "provider":
            if parts.count > 1, parts[1] == "taxonomy" || parts[1] == "role" { return at(provider?.taxonomy, at(provider?.name, clm)) }
            return at(provider?.npi, at(provider?.name, clm))
        case "supervisor":
            return at(record.supervisor?.npi, at(record.supervisor?.name, clm))
        case "lines":
            guard parts.count > 1, let i = Int(parts[1]), i >= 0, i < record.lines.count else { return clm }
            return locate(line: record.lines[i], parts.dropFirst(2).map { $0 }, fallback: clm)
        default:
            return clm
        }
    }

    private func locate(line: X12ServiceLine, _ parts: [String], fallback: (Int, String, String?)) -> (segment: Int, segmentID: String, element: String?) {
        let sv1 = line.serviceSegment > 0 ? (line.serviceSegment, "SV1", String?.none) : fallback
        func at(_ f: X12Field?, _ otherwise: (Int, String, String?)) -> (Int, String, String?) {
            f.map { ($0.segment, $0.segmentID, $0.element) } ?? otherwise
        }
        guard let field = parts.first else { return sv1 }
        switch field {
        case "code": return (sv1.0, sv1.1, "SV101-2")
        case "modifiers":
            if parts.count > 1, let j = Int(parts[1]), let m = line.modifierField(j) { return at(m, sv1) }
            return (sv1.0, sv1.1, "SV101")
        case "units": return (sv1.0, sv1.1, "SV104")
        case "minutes", "assistantMinutes":
            if record.equals(line.unitBasis, "MJ"), field == "minutes" { return (sv1.0, sv1.1, "SV104") }
            return at(line.noteField, (sv1.0, sv1.1, "SV104"))
        case "charge": return (sv1.0, sv1.1, "SV102")
        case "placeOfService":
            return line.placeOfService != nil ? (sv1.0, sv1.1, "SV105") : (record.segment, "CLM", "CLM05-1")
        case "diagnosisPointers":
            if parts.count > 1, let k = Int(parts[1]), let p = line.pointerField(k) { return at(p, sv1) }
            return (sv1.0, sv1.1, "SV107")
        case "dateOfService", "dateOfServiceThrough": return at(line.dateField, sv1)
        case "clinicianId", "assistantInvolved":
            let p = line.rendering ?? record.rendering ?? record.billing
            return at(p?.npi, at(p?.name, sv1))
        default: return sv1
        }
    }
}
