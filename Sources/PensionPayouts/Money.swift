/// Amounts in fen (1 yuan = 100 fen) written for people: `5500` → `55.00`. Integer arithmetic only.
public enum Money {
    /// `fen` as yuan with two decimals, e.g. `55.00`, `-0.05`.
    public static func yuan(_ fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = String(magnitude % 100)
        return sign + String(magnitude / 100) + "." + (cents.count == 1 ? "0" + cents : cents)
    }
}
