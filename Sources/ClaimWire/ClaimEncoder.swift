import ClaimRules
import StrictJSON

/// Writes a `Claim` as claim JSON (for `correctedClaim` and for tools).
///
/// Absent optionals are left out, as Codable's synthesized `encodeIfPresent` does; keys are written in
/// schema order.
public enum ClaimEncoder {
    /// The claim as JSON bytes.
    public static func encode(_ claim: Claim, pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty, capacity: 1024)
        write(claim, to: &writer)
        return writer.finish()
    }

    /// Writes the claim as one JSON object value, as the value of member `key` when one is given.
    public static func write(_ claim: Claim, key: StaticString? = nil, to w: inout JSONWriter) {
        w.withRoom { r in write(claim, key: key, to: &r) }
    }

    /// `write(_:key:to:)` into a room of the writer.
    static func write(_ claim: Claim, key: StaticString?, to w: inout JSONWriter.Room) {
        if let key { w.beginObject(key) } else { w.beginObject() }
        if let claimId = claim.claimId { w.field("claimId", claimId) }
        w.field("payer", claim.payer)
        if let date = claim.dateOfService { w.field("dateOfService", date) }
        if let frequency = claim.frequency { w.field("frequency", frequency.rawValue) }
        if let original = claim.originalClaimId { w.field("originalClaimId", original) }
        if let pos = claim.placeOfService { w.field("placeOfService", pos) }
        if let total = claim.totalCharge { w.field("totalCharge", total) }
        if let diagnoses = claim.diagnoses { w.field("diagnoses", diagnoses) }
        if let billing = claim.billingProvider {
            w.beginObject("billingProvider")
            w.field("npi", billing.npi)
            if let taxonomy = billing.taxonomy { w.field("taxonomy", taxonomy) }
            w.endObject()
        }
        w.beginObject("provider")
        if let npi = claim.provider.npi { w.field("npi", npi) }
        w.field("role", claim.provider.role.rawValue)
        if let taxonomy = claim.provider.taxonomy { w.field("taxonomy", taxonomy) }
        w.endObject()
        if let supervisor = claim.supervisor {
            w.beginObject("supervisor")
            if let npi = supervisor.npi { w.field("npi", npi) }
            w.field("role", supervisor.role.rawValue)
            if let onSite = supervisor.onSite { w.field("onSite", onSite) }
            w.endObject()
        }
        if let patientRef = claim.patientRef { w.field("patientRef", patientRef) }
        w.beginArray("lines")
        // Lines borrowed through the buffer: `for line in claim.lines` copies each line (retaining its strings).
        claim.lines.withUnsafeBufferPointer { lines in
            guard let first = lines.baseAddress else { return }
            for k in 0..<lines.count { write(at: first + k, to: &w) }
        }
        w.endArray()
        if let context = claim.context { write(context, to: &w) }
        w.endObject()
    }

    /// Writes the claim line at `line`, read in place: a line passed by value was copied for the call (its strings
    /// and arrays retained and released).
    static func write(at line: UnsafePointer<Claim.Line>, to w: inout JSONWriter.Room) {
        w.beginObject()
        w.field("code", line.pointee.code)
        if let date = line.pointee.dateOfService { w.field("dateOfService", date) }
        if let through = line.pointee.dateOfServiceThrough { w.field("dateOfServiceThrough", through) }
        if let minutes = line.pointee.minutes { w.field("minutes", minutes) }
        if let units = line.pointee.units { w.field("units", units) }
        if let modifiers = line.pointee.modifiers { w.field("modifiers", modifiers) }
        if let setting = line.pointee.setting { w.field("setting", setting.rawValue) }
        if let assistantMinutes = line.pointee.assistantMinutes { w.field("assistantMinutes", assistantMinutes) }
        if let involved = line.pointee.assistantInvolved { w.field("assistantInvolved", involved) }
        if let clinicianId = line.pointee.clinicianId { w.field("clinicianId", clinicianId) }
        if let pointers = line.pointee.diagnosisPointers { w.field("diagnosisPointers", pointers) }
        if let charge = line.pointee.charge { w.field("charge", charge) }
        if let pos = line.pointee.placeOfService { w.field("placeOfService", pos) }
        w.endObject()
    }

    static func write(_ context: Claim.Context, to w: inout JSONWriter.Room) {
        w.beginObject("context")
        if let days = context.treatmentDaysSinceProgressReport { w.field("treatmentDaysSinceProgressReport", days) }
        if let visit = context.visitNumber { w.field("visitNumber", visit) }
        if let today = context.progressReportToday { w.field("progressReportToday", today) }
        if let plan = context.planOfCare {
            w.beginObject("planOfCare")
            if let from = plan.certifiedFrom { w.field("certifiedFrom", from) }
            if let through = plan.certifiedThrough { w.field("certifiedThrough", through) }
            if let goals = plan.goalIds { w.field("goalIds", goals) }
            w.endObject()
        }
        if let ytd = context.yearToDateAllowed {
            w.beginObject("yearToDateAllowed")
            if let ptSlp = ytd.ptSlp { w.field("ptSlp", ptSlp) }
            if let ot = ytd.ot { w.field("ot", ot) }
            w.endObject()
        }
        if let doc = context.documentation {
            w.beginObject("documentation")
            if let value = doc.activityDescription { w.field("activityDescription", value) }
            if let value = doc.assistanceType { w.field("assistanceType", value) }
            if let value = doc.assistanceLevel { w.field("assistanceLevel", value) }
            if let value = doc.goalIds { w.field("goalIds", value) }
            if let value = doc.functionalDeficits { w.field("functionalDeficits", value) }
            if let value = doc.continuedSkilledNeed { w.field("continuedSkilledNeed", value) }
            if let value = doc.supervisionDocumented { w.field("supervisionDocumented", value) }
            if let value = doc.activityChangedByAssistant { w.field("activityChangedByAssistant", value) }
            w.endObject()
        }
        if let others = context.otherServicesToday {
            w.beginArray("otherServicesToday")
            others.withUnsafeBufferPointer { others in
                guard let first = others.baseAddress else { return }
                for k in 0..<others.count {
                    let other = first + k
                    w.beginObject()
                    w.field("code", other.pointee.code)
                    w.field("role", other.pointee.role.rawValue)
                    if let clinicianId = other.pointee.clinicianId { w.field("clinicianId", clinicianId) }
                    if let modifiers = other.pointee.modifiers { w.field("modifiers", modifiers) }
                    if let date = other.pointee.dateOfService { w.field("dateOfService", date) }
                    w.endObject()
                }
            }
            w.endArray()
        }
        w.endObject()
    }
}
