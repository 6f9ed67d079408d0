import ClaimRules
import Synchronization

/// The rulesets in service: loaded at start, replaced as a whole on reload (validated first, then
/// swapped under a lock, so a request sees either the old set or the new one, never a mix; a
/// request in flight keeps the `RuleSet` value it already read).
public final class RulesetSource: RulesetProvider {
    /// Loads and fully validates every ruleset; throws (naming file, line and field) when any is bad.
    public typealias Loader = @Sendable () throws -> [RuleSet]

    private let loader: Loader
    private let current: Mutex<[RuleSet]>

    /// Loads once now; a failure at start is a configuration error (exit 2).
    public init(loader: @escaping Loader, setting: String) throws(ConfigurationError) {
        self.loader = loader
        do {
            let loaded = try loader()
            guard !loaded.isEmpty else {
                throw ConfigurationError(setting: setting, origin: "", message: "no ruleset found")
            }
            current = Mutex(RulesetSource.sorted(loaded))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(setting: setting, origin: "", message: String(describing: error))
        }
    }

    /// Fixed rulesets (tests).
    public init(rulesets: [RuleSet]) {
        let sorted = RulesetSource.sorted(rulesets)
        loader = { sorted }
        current = Mutex(sorted)
    }

    public var rulesets: [RuleSet] { current.withLock { $0 } }

    public func ruleset(for date: CalendarDate) -> RuleSet? {
        RulesetSource.pick(current.withLock { $0 }, for: date)
    }

    /// Loads again and swaps on success; on failure the rulesets in service stay and the error propagates.
    @discardableResult
    public func reload() throws -> String {
        let loaded = try loader()
        guard !loaded.isEmpty else { throw RulesetReloadError(message: "no ruleset found; keeping the rulesets in service") }
        let sorted = RulesetSource.sorted(loaded)
        current.withLock { $0 = sorted }
        return sorted.map { "\($0.id) (\($0.digest.prefix(12)))" }.joined(separator: ", ")
    }

    /// The ruleset in force on `date` (the latest effective one if windows overlap); else the latest
    /// that started before it; else the earliest. The engine flags a ruleset not in force.
    static func pick(_ rulesets: [RuleSet], for date: CalendarDate) -> RuleSet? {
        if let inForce = rulesets.last(where: { $0.isInForce(on: date) }) { return inForce }
        if let before = rulesets.last(where: { $0.effective <= date }) { return before }
        return rulesets.first
    }

    static func sorted(_ rulesets: [RuleSet]) -> [RuleSet] {
        rulesets.sorted { ($0.effective, $0.id) < ($1.effective, $1.id) }
    }
}

/// A reload that found nothing to load.
public struct RulesetReloadError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
