/// A random number generator seeded from the input itself (FNV-1a of the bytes, then SplitMix64), so
/// the choices a target makes (split points, limits) are a function of the input: a saved crash
/// input reproduces exactly, and libFuzzer's mutations explore the choices too.
public struct DataRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(_ data: UnsafeRawBufferPointer, salt: UInt64 = 0) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ salt
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        state = hash
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `data` cut into consecutive non-empty pieces whose sizes are drawn from 1...maxPiece.
    public mutating func pieces(of data: UnsafeRawBufferPointer, maxPiece: Int) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        while start < data.count {
            let size = Int.random(in: 1...max(1, maxPiece), using: &self)
            let end = min(data.count, start + size)
            result.append(Array(data[start..<end]))
            start = end
        }
        return result
    }
}
