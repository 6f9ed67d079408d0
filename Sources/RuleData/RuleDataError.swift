/// Rule data that could not be loaded: every problem found, not just the first.
public struct RuleDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// All problems, in file order and then line order.
    public var problems: [RuleDataProblem]

    /// An error carrying `problems`.
    public init(problems: [RuleDataProblem]) { self.problems = problems }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
