/// The therapy family of a code, which drives the checks that apply to it.
public enum CodeFamily: String, Sendable, Hashable, Codable, CaseIterable {
    /// Initial evaluations (97161-97163 PT, 97165-97167 OT, 92521-92524 SLP): untimed, one per discipline per date.
    case evaluation
    /// Re-evaluations (97164 PT, 97168 OT): untimed, count as the discipline's evaluation for the date.
    case reevaluation = "re-evaluation"
    /// One-on-one therapeutic procedures (97110, 97112, 97116, 97140, 97530, 97535, ...).
    case therapeuticProcedure = "therapeutic-procedure"
    /// Group therapy (97150, 92508): untimed, one unit per session.
    case group
    /// Supervised (unattended) modalities (97010-97028, G0283): untimed; may overlap other services'
    /// 15-minute periods (NCCI Policy Manual ch. XI §P.2).
    case supervisedModality = "supervised-modality"
    /// Constant-attendance modalities (97032-97039): timed.
    case attendedModality = "attended-modality"
    /// Speech-language treatment codes other than evaluations (92507, 92526, ...).
    case speechTreatment = "speech-treatment"
    /// Tests and measurements, orthotics/prosthetics management and other therapy codes.
    case other
}
