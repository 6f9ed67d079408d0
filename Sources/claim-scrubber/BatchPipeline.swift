#if canImport(Glibc)
import Glibc
#endif
import ClaimRules
import ClaimWire
import Locking
import StrictJSON
import Synchronization

/// `check --batch` on several cores, with the output in input order and the same checks across
/// claims as the HTTP route.
///
/// The input is cut into blocks of whole lines (about `blockBytes` each). Every worker thread loops:
/// take the next block (reading is serialized), then take it through `BatchShare.process` (decode
/// and validate in parallel with the other workers, admit its claims to the one `CrossClaimChecker`
/// in block order, scrub and encode in parallel), then write its output in block order. At most `jobs`
/// blocks are in flight, so memory is bounded by `jobs` blocks plus the checker's budget, whatever
/// the size of the input.
final class BatchPipeline: @unchecked Sendable {
    /// How a run ended.
    enum Outcome: Equatable {
        case complete
        /// Reading the input failed (errno), after the lines before were processed.
        case readFailed(Int32)
        /// Writing the output failed (a closed pipe): the rest was not processed.
        case writeFailed
    }

    static let blockBytes = 256 * 1024
    static let readChunk = 64 * 1024

    private let jobs: Int
    private let rules: @Sendable (CalendarDate) -> RuleSet?
    private let diagnosisCodes: ICD10CMCatalog
    private let lineLimit: Int
    private let read: (UnsafeMutableRawBufferPointer) -> Int
    private let write: (UnsafeRawBufferPointer) -> Bool
    private let progress: ((BatchSummary) -> Void)?

    /// What reading the input keeps between blocks.
    private struct ReadState: Sendable {
        var splitter: NDJSONLineSplitter
        var nextBlock = 0
        var inputEnded = false
        var readError: Int32 = 0
    }

    // Reading: the state in its lock, and the buffer used only while holding it.
    private let reading: Locked<ReadState>
    private let chunk: UnsafeMutableRawBufferPointer

    // Ordered stages.
    private let crossGate = TurnGate()
    private let writeGate = TurnGate()
    /// Used in `crossGate` turns only; held by pointer, as every worker is lent it for its turns.
    private let checker: UnsafeMutablePointer<CrossClaimChecker>
    /// Used in `writeGate` turns only.
    private var summary = BatchSummary()
    /// Set in a `writeGate` turn; read by the reader too, so that it stops early.
    private let writeFailed = Atomic<Bool>(false)

    /// - Parameters:
    ///   - read: fills the buffer; returns the byte count, 0 at the end, -errno on failure.
    ///   - write: writes an output block (lent for the call); false when the output is gone.
    ///   - progress: called after each block is written, with the totals so far.
    init(jobs: Int, rules: @escaping @Sendable (CalendarDate) -> RuleSet?, diagnosisCodes: ICD10CMCatalog = .empty, lineLimit: Int, read: @escaping (UnsafeMutableRawBufferPointer) -> Int,
         write: @escaping (UnsafeRawBufferPointer) -> Bool, progress: ((BatchSummary) -> Void)? = nil) {
        self.jobs = max(1, jobs)
        self.rules = rules
        self.diagnosisCodes = diagnosisCodes
        self.lineLimit = lineLimit
        self.read = read
        self.write = write
        self.progress = progress
        reading = Locked(ReadState(splitter: NDJSONLineSplitter(lineLimit: lineLimit)))
        checker = .allocate(capacity: 1)
        checker.initialize(to: CrossClaimChecker())
        chunk = .allocate(byteCount: Self.readChunk, alignment: 16)
    }

    deinit {
        chunk.deallocate()
        checker.deinitialize(count: 1)
        checker.deallocate()
    }

    /// Runs the batch to its end; returns the totals and how it ended.
    func run() -> (summary: BatchSummary, outcome: Outcome) {
        var threads: [pthread_t] = []
        for _ in 1..<jobs {
            var thread = pthread_t()
            let box = Unmanaged.passRetained(self).toOpaque()
            let rc = pthread_create(&thread, nil, { context in
                guard let context else { return nil }
                Unmanaged<BatchPipeline>.fromOpaque(context).takeRetainedValue().work()
                return nil
            }, box)
            if rc == 0 {
                threads.append(thread)
            } else {
                Unmanaged<BatchPipeline>.fromOpaque(box).release()
            }
        }
        work()
        for thread in threads { pthread_join(thread, nil) }
        let readError = reading.withLock { $0.readError }
        let outcome: Outcome = writeFailed.load(ordering: .relaxed) ? .writeFailed
            : (readError != 0 ? .readFailed(readError) : .complete)
        return (summary, outcome)
    }

    /// One block of whole input lines: their bytes and where each one lies (nil: over the limit).
    private struct Block {
        var index: Int
        var bytes: [UInt8] = []
        var lines: [(number: Int, range: Range<Int>?)] = []
    }

    private func work() {
        let context = BatchShare.Context(decoder: ClaimDecoder(), rules: rules, diagnosisCodes: diagnosisCodes, lineLimit: lineLimit,
                                         sections: .full, countFindings: false)
        // Reused for every block of this worker: a fresh buffer is zero-filled memory each time, and
        // freeing one this large makes glibc's allocator merge its small free chunks (malloc_consolidate),
        // which then cost every small allocation of the next block a slow path.
        var share = BatchShare(capacity: Self.blockBytes * 4)
        var block = Block(index: 0)
        block.bytes.reserveCapacity(Self.blockBytes + Self.readChunk)
        block.lines.reserveCapacity(Self.blockBytes / 512)
        while takeBlock(into: &block) {
            // Decode, the checks across claims in block order, scrub and encode.
            share.reset()
            block.bytes.withUnsafeBytes { all in
                share.process(block.lines[...], in: all, context: context, checker: checker, gate: crossGate, turn: block.index)
            }
            // Output, in block order.
            writeGate.wait(for: block.index)
            if !writeFailed.load(ordering: .relaxed) {
                if share.writer.count == 0 || share.writer.withOutput(write) {
                    summary.add(share.summary)
                    progress?(summary)
                } else {
                    writeFailed.store(true, ordering: .relaxed)
                }
            }
            writeGate.pass()
        }
    }

    /// Reads the next block of whole lines into `block` (its buffers kept, sized for a block and the read
    /// that ends it, so they are not regrown line by line); false at the end of the input (or after a failure).
    private func takeBlock(into block: inout Block) -> Bool {
        reading.withLock { state -> Bool in
            if state.inputEnded || writeFailed.load(ordering: .relaxed) { return false }
            block.index = state.nextBlock
            block.bytes.removeAll(keepingCapacity: true)
            block.lines.removeAll(keepingCapacity: true)
            var splitter = state.splitter
            let record: (Int, NDJSONLineSplitter.Line) -> Void = { number, line in
                switch line {
                case .tooLong:
                    block.lines.append((number, nil))
                case .text(let bytes):
                    if NDJSONLineSplitter.isBlank(bytes) { return }
                    let start = block.bytes.count
                    block.bytes.append(contentsOf: bytes)
                    block.lines.append((number, start..<block.bytes.count))
                }
            }
            while block.bytes.count < Self.blockBytes {
                let n = read(chunk)
                if n > 0 {
                    splitter.feed(UnsafeRawBufferPointer(rebasing: chunk[0..<n]), record)
                } else {
                    if n < 0 { state.readError = Int32(-n) }
                    state.inputEnded = true
                    // A read error keeps the unfinished line out: it may be cut anywhere.
                    if n == 0 { splitter.finish(record) }
                    break
                }
            }
            state.splitter = splitter
            // Reading stops short of a full block only at the end of the input.
            guard !block.lines.isEmpty else { return false }
            state.nextBlock += 1
            return true
        }
    }
}
