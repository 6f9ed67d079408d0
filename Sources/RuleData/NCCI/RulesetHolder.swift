public import ClaimRules
import Synchronization

/// The catalog in service, swapped atomically by reloads.
///
/// A request reads `current` once and scrubs with that catalog to the end, so a reload that swaps
/// meanwhile never mixes two catalogs within one response. `reload(from:)` builds and validates the
/// complete new catalog before taking the lock for the swap (a pointer-sized copy); a load that
/// fails leaves the catalog in service untouched. Reloads are serialized among themselves.
public final class RulesetHolder: Sendable {
    private let state: Mutex<RulesetCatalog>
    private let reloading = Mutex<Void>(())
    /// The built-in default every catalog is built on.
    public let defaultRuleset: RuleSet

    public init(catalog: RulesetCatalog) {
        state = Mutex(catalog)
        defaultRuleset = catalog.defaultRuleset
    }

    /// Loads `directory` (nil = the built-in default alone) and starts serving it.
    public convenience init(directory: String?, defaultRuleset: RuleSet) throws(NCCIImportError) {
        self.init(catalog: try RulesetCatalogLoader.load(directory: directory, defaultRuleset: defaultRuleset))
    }

    /// The catalog in service now.
    public var current: RulesetCatalog { state.withLock { $0 } }

    /// Loads the rulesets under `directory` on the calling thread (call it off the request path),
    /// validates them fully, then swaps them in. Throws (and keeps the old catalog) when any file is
    /// bad. Returns the new catalog.
    @discardableResult
    public func reload(from directory: String?) throws(NCCIImportError) -> RulesetCatalog {
        try reloading.withLock { _ throws(NCCIImportError) -> RulesetCatalog in
            let fresh = try RulesetCatalogLoader.load(directory: directory, defaultRuleset: defaultRuleset, previous: current)
            replace(with: fresh)
            return fresh
        }
    }

    /// Swaps in a catalog built elsewhere (tests, or a caller with its own loader).
    public func replace(with catalog: RulesetCatalog) {
        // The old catalog is released after the lock, so freeing its tables never blocks readers.
        let old = state.withLock { current -> RulesetCatalog in
            let old = current
            current = catalog
            return old
        }
        withExtendedLifetime(old) {}
    }
}
