/// Builds finding messages with a single allocation and a plain byte copy per piece (internal). Appending
/// strings piece by piece (or interpolating them) regrows the buffer and runs the general append path for
/// every piece, which made message building the largest cost of a claim with findings.
enum MessageText {
    static func join(_ parts: String...) -> String {
        var count = 0
        for p in parts { count += p.utf8.count }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var at = 0
            for p in parts {
                // The piece's bytes in place (no copy of the String to call the mutating withUTF8 on).
                let copied: Void? = p.utf8.withContiguousStorageIfAvailable { bytes in
                    let n = min(bytes.count, buffer.count - at)
                    guard n > 0, let src = bytes.baseAddress, let dst = buffer.baseAddress else { return }
                    (dst + at).update(from: src, count: n)
                    at += n
                }
                if copied == nil {
                    for b in p.utf8 where at < buffer.count {
                        buffer[at] = b
                        at += 1
                    }
                }
            }
            return at
        }
    }
}
