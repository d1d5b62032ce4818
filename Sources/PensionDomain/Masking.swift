/// Masks personal data for logs, messages and error descriptions.
public enum Masking {
    /// Masks a resident ID number, valid or not.
    ///
    /// With 10 or more characters the first 6 and last 4 are kept and the rest become `*`
    /// (`510623********123X`); shorter input becomes all `*` of the same length.
    /// - Parameter raw: the number as given.
    /// - Returns: the masked text.
    public static func residentID(_ raw: String) -> String {
        let characters = Array(raw)
        guard characters.count >= 10 else {
            return String(repeating: "*", count: characters.count)
        }
        return String(characters.prefix(6)) + String(repeating: "*", count: characters.count - 10)
            + String(characters.suffix(4))
    }

    /// Masks a person's name, keeping only the first character: `张三丰` becomes `张**`.
    ///
    /// - Parameter name: the name as given; an empty name stays empty.
    /// - Returns: the masked text.
    public static func name(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: name.count - 1)
    }
}
