public import ClaimRules
import Synchronization

/// The ICD-10-CM releases in service, swapped atomically by reloads (as `RulesetHolder` does for the NCCI
/// rulesets): a request reads `current` once; a reload builds and checks the complete new set before the
/// swap, and a failed one leaves the releases in service untouched.
public final class ICD10CMHolder: Sendable {
    private let state: Mutex<ICD10CMReleases>
    private let reloading = Mutex<Void>(())
    /// The embedded release every load starts from (nil: imports only).
    public let embedded: ICD10CMCodeSet?

    public init(releases: ICD10CMReleases, embedded: ICD10CMCodeSet?) {
        state = Mutex(releases)
        self.embedded = embedded
    }

    /// Loads `directory` (nil = the embedded release alone) and starts serving it.
    public convenience init(directory: String?, embedded: ICD10CMCodeSet?) throws(RuleDataError) {
        self.init(releases: try ICD10CMReleaseLoader.load(directory: directory, embedded: embedded), embedded: embedded)
    }

    /// The releases in service now.
    public var current: ICD10CMReleases { state.withLock { $0 } }

    /// Loads the releases under `directory` on the calling thread (off the request path), checks them
    /// all, then swaps them in. Throws, keeping the old releases, when any file is bad.
    @discardableResult
    public func reload(from directory: String?) throws(RuleDataError) -> ICD10CMReleases {
        try reloading.withLock { _ throws(RuleDataError) -> ICD10CMReleases in
            let fresh = try ICD10CMReleaseLoader.load(directory: directory, embedded: embedded)
            let old = state.withLock { current -> ICD10CMReleases in
                let old = current
                current = fresh
                return old
            }
            // Released after the lock, so freeing the old tables never blocks readers.
            withExtendedLifetime(old) {}
            return fresh
        }
    }
}
