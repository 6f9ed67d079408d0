#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A value shared between threads, reached only while holding its lock.
///
/// Used instead of `Synchronization.Mutex` so that the thread sanitizer can check the service: on
/// Linux, `Mutex` hands a contended lock over inside the kernel (a priority-inheritance futex, from the
/// uninstrumented Synchronization library), and the sanitizer, which does not see that hand-over,
/// reports the accesses the lock protects as races. (Four threads incrementing a `Mutex`-protected
/// counter 20,000 times each under `-sanitize=thread` end with the exact count, 80,000, and "Swift
/// access race" reports.) `pthread_mutex_lock` is intercepted by the sanitizer, so this lock is seen,
/// and a real race, an access to shared state outside any lock, is still reported.
public final class Locked<Value: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    // Only read or written between lock and unlock in `withLock`.
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock. Not reentrant: `body` must not take the
    /// same lock again.
    public func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
