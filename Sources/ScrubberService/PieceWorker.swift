#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch

/// Runs a streamed request's work one job at a time on a Dispatch worker thread, so that the
/// connection's loop thread reads the next piece of the body and writes the last piece's output
/// meanwhile (`BatchStream`).
///
/// The owner starts a job only when none is running, and reads what a job wrote only after `wait`
/// returned or `isRunning` said false: the job has the state it works on to itself in between. The
/// hand-overs go through a pthread mutex, which the thread sanitizer sees (Dispatch's own hand-over
/// it does not), so a real race on that state would still be reported.
final class PieceWorker: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Guarded by `mutex`.
    private var running = false

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `job` on a worker thread, then `done` there (after the job counts as finished). The job
    /// must not be running already (`wait` first).
    func start(_ job: @escaping () -> Void, done: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(mutex)
        running = true
        pthread_mutex_unlock(mutex)
        let work = Job(body: job)
        DispatchQueue.global().async {
            // Taken so the sanitizer sees the owner's writes before `start` happen before the job.
            pthread_mutex_lock(self.mutex)
            pthread_mutex_unlock(self.mutex)
            work.body()
            pthread_mutex_lock(self.mutex)
            self.running = false
            pthread_cond_broadcast(self.condition)
            pthread_mutex_unlock(self.mutex)
            done()
        }
    }

    /// Whether the last job started is still running.
    var isRunning: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return running
    }

    /// Returns when no job is running.
    func wait() {
        pthread_mutex_lock(mutex)
        while running { pthread_cond_wait(condition, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// The job closure, handed to the worker thread: only that thread runs it, while the owner keeps
    /// off its state (see the type's notes).
    private struct Job: @unchecked Sendable {
        let body: () -> Void
    }
}
