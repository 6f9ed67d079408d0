internal import COpenSSL

/// SHA-256 (FIPS 180-4) through libcrypto's EVP interface; used for API key hashes.
public enum SHA256 {
    /// Digest length in bytes.
    public static let byteCount = 32

    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBytes { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress?.assumingMemoryBound(to: UInt8.self),
                           &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest only fails when libcrypto cannot allocate; a zero digest would then compare
        // unequal to every configured hash, never equal.
        if ok != 1 || length != UInt32(byteCount) { return [UInt8](repeating: 0, count: byteCount) }
        return digest
    }

    /// The digest of a string's UTF-8 bytes as lowercase hex (what `claim-scrubber hash-key` prints).
    public static func hexHash(_ text: String) -> String {
        Hex.encode(hash(Array(text.utf8)))
    }
}
