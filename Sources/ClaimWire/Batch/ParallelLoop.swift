import Dispatch
import Locking

/// Runs a loop's iterations on several threads at once (the caller's and Dispatch's worker threads)
/// and returns when every one is done.
///
/// The body is not `@Sendable`: it may read the caller's state and write through pointers it was
/// given, so each iteration must write only what its index owns (the `BatchScrubber` shares).
/// Each iteration takes a lock as it starts and as it ends, and the caller as it starts and after
/// the loop: the hand-overs `concurrentPerform` makes inside Dispatch are invisible to the thread
/// sanitizer, the lock's are not, so the tests' sanitizer pass sees the order and would still see a
/// real race between two iterations.
enum ParallelLoop {
    static func run(iterations: Int, _ body: (Int) -> Void) {
        let handOver = Locked(0)
        handOver.withLock { $0 += 1 }
        withoutActuallyEscaping(body) { body in
            let work = Work(body: body, handOver: handOver)
            DispatchQueue.concurrentPerform(iterations: iterations) { index in
                work.handOver.withLock { _ in }
                work.body(index)
                work.handOver.withLock { $0 += 1 }
            }
        }
        handOver.withLock { _ in }
    }

    private struct Work: @unchecked Sendable {
        let body: (Int) -> Void
        let handOver: Locked<Int>
    }
}
