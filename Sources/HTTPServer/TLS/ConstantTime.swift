internal import COpenSSL

/// Comparisons whose running time does not depend on where the inputs differ, so that checking a
/// presented secret (an API key hash) does not leak how many leading bytes were right.
public enum ConstantTime {
    /// True when `a` and `b` are equal. Time depends only on the lengths (which are public: API
    /// keys are compared as fixed-length SHA-256 digests).
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
