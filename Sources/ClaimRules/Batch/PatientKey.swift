/// A 128-bit digest of a `patientRef`: the checker keeps this, never the text, and compares keys for
/// equality only. Two FNV-1a passes with different offsets, each finished by the SplitMix64 mixer:
/// fixed (the same batch always gives the same results), and with 128 bits two different references
/// of one batch do not collide in practice.
struct PatientKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    /// The key of an unused place in the checker's table (never compared: unused places are not indexed).
    static let none = PatientKey(high: 0, low: 0)

    private init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    init(_ reference: String) {
        self = reference.utf8.withContiguousStorageIfAvailable(PatientKey.init) ?? PatientKey(Array(reference.utf8))
    }

    private init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer(PatientKey.init)
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x6c62_272e_07bb_0142
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = b &+ 0x9e37_79b9_7f4a_7c15
        }
        high = Self.mix(a ^ UInt64(bytes.count))
        low = Self.mix(b)
    }

    /// SplitMix64's finalizer.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A 64-bit digest of any text (clinician ids, modifier sets), 0 reserved for "none".
    static func digest(_ text: String) -> UInt64 {
        text.utf8.withContiguousStorageIfAvailable(digest) ?? Array(text.utf8).withUnsafeBufferPointer(digest)
    }

    private static func digest(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let value = mix(a)
        return value == 0 ? 1 : value
    }
}

/// A fixed-size Bloom filter of the patients the checker forgot (1 MiB, three probes): a claim of a
/// forgotten patient is told its history is incomplete. False positives (about 1 in 1,600 new
/// patients after 250,000 were forgotten, 1 in 230 after 500,000) only add that notice; a forgotten
/// patient is never missed.
struct ForgottenPatients: Sendable {
    static let bits = 1 << 23
    private var words: [UInt64] = []

    mutating func insert(_ key: PatientKey) {
        if words.isEmpty { words = [UInt64](repeating: 0, count: Self.bits / 64) }
        let (a, b, c) = Self.probes(key)
        for bit in [a, b, c] { words[bit >> 6] |= 1 << UInt64(bit & 63) }
    }

    func contains(_ key: PatientKey) -> Bool {
        guard !words.isEmpty else { return false }
        let (a, b, c) = Self.probes(key)
        return isSet(a) && isSet(b) && isSet(c)
    }

    private func isSet(_ bit: Int) -> Bool { words[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }

    private static func probes(_ key: PatientKey) -> (Int, Int, Int) {
        let mask = UInt64(bits - 1)
        return (Int(key.high & mask), Int((key.high >> 32) & mask), Int(key.low & mask))
    }
}
