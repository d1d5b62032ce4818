import Foundation

/// Sampling helpers written out here rather than taken from the standard library, whose algorithms (such as
/// `shuffle(using:)`) are not promised to stay the same between Swift versions.
extension SplitMix64 {
    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection); `bound` must be positive.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold {
                product = next().multipliedFullWidth(by: limit)
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// A uniform number in `0..<1` with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// A uniform element of a non-empty array.
    mutating func element<T>(of array: [T]) -> T {
        array[below(array.count)]
    }

    /// An element chosen with the given positive integer weights.
    mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var ticket = below(total)
        for (choice, weight) in choices {
            if ticket < weight {
                return choice
            }
            ticket -= weight
        }
        return choices[choices.count - 1].0
    }

    /// Shuffles `array` in place (Fisher–Yates).
    mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for index in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(index, below(index + 1))
        }
    }

    /// `count` random decimal digits.
    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(below(10))) })
    }

    /// A random version-4 UUID made from this generator.
    mutating func uuid() -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for half in 0..<2 {
            let word = next()
            for index in 0..<8 {
                bytes[half * 8 + index] = UInt8(truncatingIfNeeded: word >> (56 - 8 * index))
            }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            )
        )
    }
}
