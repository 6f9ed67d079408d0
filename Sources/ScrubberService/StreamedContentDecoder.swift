/// The body of a streamed POST route with its content coding (RFC 9110 §8.4) removed as it arrives.
/// Every streamed route uses one (batches, and any route for a format read by a push parser, such as
/// an 837P interchange): identity bodies pass through untouched; gzip bodies are inflated in steps of
/// at most `budget` bytes, never past `limit` in all (a gzip bomb fails `.tooLarge` as soon as it
/// passes it).
///
/// With an `HTTPStreamHandler`: in `receive`, call `receive(_:_:)` and, when it returns true, ask for
/// a resume (`HTTPResponseWriter.requestResume`); in `resume`, call `resume(_:)` the same way; in
/// `finish`, call `finish(_:)`. So one call never inflates more than `budget` bytes, and what it made
/// is written before more is inflated.
final class StreamedContentDecoder {
    /// About 200 claims of decoded bytes per call: one call stays short, its output bounded.
    static let defaultBudget = 256 * 1024

    private let inflater: GzipInflater?
    private let budget: Int

    init(coding: MediaType.ContentCoding, limit: Int, budget: Int = StreamedContentDecoder.defaultBudget) {
        inflater = coding == .gzip ? GzipInflater(limit: limit) : nil
        self.budget = budget
    }

    /// Decodes a piece of the body into `sink`. Returns true when decoded input is held back: resume.
    func receive(_ bytes: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) -> Void) throws(GzipInflater.Failure) -> Bool {
        guard let inflater else {
            sink(bytes)
            return false
        }
        inflater.push(bytes)
        return try resume(sink)
    }

    /// Goes on with held-back input. Returns true when some is still held back.
    func resume(_ sink: (UnsafeRawBufferPointer) -> Void) throws(GzipInflater.Failure) -> Bool {
        guard let inflater else { return false }
        try inflater.inflate(budget: budget, sink)
        return inflater.hasPendingInput
    }

    /// The body ended: decodes what is held back (the budget no longer applies: nothing more will be
    /// read) and throws when a gzip body ended inside a member.
    func finish(_ sink: (UnsafeRawBufferPointer) -> Void) throws(GzipInflater.Failure) {
        guard let inflater else { return }
        while inflater.hasPendingInput {
            try inflater.inflate(budget: budget, sink)
        }
        try inflater.finish()
    }
}
