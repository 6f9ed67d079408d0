import Testing
@testable import HTTPServer

/// SHA-256 (libcrypto), hex and constant-time comparison used for API keys.
@Suite struct TLSCryptoHelperTests {
    // FIPS 180-4 example vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesKnownVectors(input: String, expected: String) {
        #expect(Hex.encode(SHA256.hash(Array(input.utf8))) == expected)
        #expect(SHA256.hexHash(input) == expected)
    }

    @Test func sha256OfAMillionAs() {
        #expect(SHA256.hexHash(String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hexRoundTripsAndRejectsBadText() {
        let bytes: [UInt8] = [0x00, 0x01, 0x7f, 0x80, 0xab, 0xff]
        #expect(Hex.encode(bytes) == "00017f80abff")
        #expect(Hex.decode("00017F80ABff") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("") == [])
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        let key = SHA256.hash(Array("key-1".utf8))
        #expect(ConstantTime.equals(key, SHA256.hash(Array("key-1".utf8))))
        #expect(!ConstantTime.equals(key, SHA256.hash(Array("key-2".utf8))))
        var lastByteDiffers = key
        lastByteDiffers[31] ^= 1
        #expect(!ConstantTime.equals(key, lastByteDiffers))
        #expect(!ConstantTime.equals(key, Array(key.prefix(31))))
        #expect(ConstantTime.equals([], []))
    }
}
