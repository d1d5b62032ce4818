/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast, seedable generator for reproducible test data.
///
/// Not for cryptography. The simulation never uses the system generator, so the same seed always gives the same
/// population on every platform and Swift version.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// A generator for one part of the simulation, e.g. one township: `seed` mixed with a stable hash of `label`,
    /// so that the part's data does not depend on the other parts.
    init(seed: UInt64, label: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a, 64 bit
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var mixer = SplitMix64(seed: seed ^ hash)
        state = mixer.next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
