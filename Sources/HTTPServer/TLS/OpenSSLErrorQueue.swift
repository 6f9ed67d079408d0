internal import COpenSSL

/// OpenSSL's per-thread error queue. Connections run on Dispatch queues whose calls may hop
/// threads, so every SSL_* call is preceded by `clear()` and followed at once (same thread) by
/// `drain()` when it failed; nothing stale from another connection is ever reported.
enum OpenSSLErrorQueue {
    static func clear() { ERR_clear_error() }

    /// Removes every queued error and returns their texts, oldest first.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages
    }

    /// `drain()` joined for an error message ("unknown error" when the queue was empty).
    static func drainedDescription() -> String {
        let messages = drain()
        return messages.isEmpty ? "unknown error" : messages.joined(separator: "; ")
    }
}
