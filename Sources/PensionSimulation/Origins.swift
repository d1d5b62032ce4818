/// Division codes the generator draws resident ID numbers from.
enum Origins {
    /// Divisions outside Zhongjiang that a registration drive there would meet but not accept: Chengdu Jinjiang
    /// (510104), Santai (510722) and Yanting (510723) in Mianyang, Shehong (510922) and Pengxi (510921) in Suining,
    /// and Chongqing Wanzhou (500101).
    static let outside = ["510104", "510722", "510723", "510922", "510921", "500101"]

    /// ``outside`` without the accepted codes, in a fixed order.
    static func notAccepted(excluding accepted: Set<String>) -> [String] {
        outside.filter { !accepted.contains($0) }
    }

    /// Accepted divisions other than `county`, sorted so that generation does not depend on `Set` order.
    static func otherAccepted(_ accepted: Set<String>, county: String) -> [String] {
        accepted.subtracting([county]).sorted()
    }
}
