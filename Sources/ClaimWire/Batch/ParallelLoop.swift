import Dispatch

/// Runs a loop's iterations on several threads at once (the caller's and Dispatch's worker threads)
/// and returns when every one is done.
///
/// The body is not `@Sendable`: it may read the caller's state and write through pointers it was
/// given, so each iteration must write only what its index owns (the `BatchScrubber` shares). The
/// thread sanitizer pass of the tests runs the threaded batch paths.
enum ParallelLoop {
    static func run(iterations: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            let work = Work(body: body)
            DispatchQueue.concurrentPerform(iterations: iterations) { work.body($0) }
        }
    }

    private struct Work: @unchecked Sendable {
        let body: (Int) -> Void
    }
}
