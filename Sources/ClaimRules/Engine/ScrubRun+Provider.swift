/// Who may bill: payer-allowed roles, supervision of assistants and students, student time
/// (CMS Pub. 100-02 ch. 15 §220, §230, §240).
extension ScrubRun {
    mutating func checkProvider() {
        let role = claim.provider.role
        if profileBox.allowedRoleBits & role.bit == 0 {
            report(.providerRoleNotAllowed, lines: allLines,
                   "This payer does not pay therapy services billed by a provider with the role \(role.rawValue).",
                   fix: "Bill the services under a qualified therapist (or a physician/NPP under a therapy plan of care) who furnished or supervised them.")
        }
        if profileBox.supervisedRoleBits & role.bit != 0 {
            if let sup = claim.supervisor {
                if !sup.role.isTherapist || (role.discipline != nil && sup.role.discipline != role.discipline) {
                    let need = role.discipline.map(\.rawValue) ?? "therapist"
                    report(.supervisorNotQualified, lines: allLines,
                           "A \(role.rawValue) must be supervised by a \(need); the supervisor's role is \(sup.role.rawValue). Assistant services cannot be billed incident to a physician or NPP.",
                           fix: "Name the supervising \(need) on the claim.")
                }
            } else {
                report(.supervisorRequired, lines: allLines,
                       "Services rendered by a \(role.rawValue) need a supervising therapist, and none is on the claim.",
                       fix: "Add the supervising therapist (supervisor role and, for direct supervision, onSite).")
            }
        }
        if role.isStudent && !profile.studentTimeBillable {
            let sup = claim.supervisor
            let present = sup.map { $0.role.isTherapist && $0.role.discipline == role.discipline && $0.onSite == true } ?? false
            if present {
                report(.studentTherapistPresent, lines: allLines,
                       "A student took part in the session. Only the therapist's service is billable, and only if the therapist was in the room for the whole session directing it and treating no one else.",
                       fix: "Bill under the supervising therapist, and make sure the note records the therapist's presence.")
            } else {
                report(.studentTimeNotBillable, lines: allLines,
                       "This payer does not pay for a student's time unless the therapist was present for the whole session.",
                       fix: "Do not bill the student's time; bill only services the therapist furnished or was present for throughout, under the therapist.")
            }
        }
        if let doc = claim.context?.documentation, doc.activityChangedByAssistant == true, doc.supervisionDocumented != true {
            report(.assistantChangedActivity, lines: allLines,
                   "The assistant changed the activity, and no supervision or collaboration with the supervising therapist is documented.",
                   fix: "Document the therapist's direction or collaboration for the change, or have the therapist review it.")
        }
    }
}
