/// How a line's time was furnished. Only `individual` time counts toward one-on-one timed codes;
/// group and concurrent time is billed as group therapy (97150) under Part B.
public enum Setting: String, Sendable, Hashable, Codable, CaseIterable {
    case individual, group, concurrent
}
