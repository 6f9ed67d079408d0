/// How timed minutes become units.
public enum UnitMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// CMS Pub. 100-04 ch. 5 §20.2: pool the timed minutes of a discipline for the date, convert the total with
    /// the §20.2 table, give each code floor(minutes/15), hand the rest to the largest leftovers.
    case cmsTotalTime = "cms-total-time"
    /// Industry "Rule of 8s" reading of the CPT midpoint rule: each code on its own minutes
    /// (WebPT, "The 8-Minute Rule Showdown: Medicare vs. AMA"; UNCONFIRMED as AMA policy, hence a payer setting).
    case amaPerCode = "ama-per-code"
}
