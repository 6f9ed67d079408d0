#if canImport(Glibc)
import Glibc
#endif

/// Lets workers take turns in a fixed order: `wait(for: k)` returns once turns 0..<k have been
/// `pass`ed. The pieces of a batch go through its ordered stages (checks across claims, output) this
/// way, in `BatchScrubber` and in `check --batch`.
public final class TurnGate: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Guarded by `mutex`.
    private var turn = 0

    public init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Waits until it is turn `k`.
    public func wait(for k: Int) {
        pthread_mutex_lock(mutex)
        while turn != k { pthread_cond_wait(condition, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Ends the current turn.
    public func pass() {
        pthread_mutex_lock(mutex)
        turn += 1
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }
}
