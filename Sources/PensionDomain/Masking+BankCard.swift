extension Masking {
    /// Masks a bank card or passbook number, keeping the last 4 characters: `6217************1234`; 4 or fewer
    /// characters become all `*`. Card numbers appear unmasked only in the bank batch file.
    /// - Parameter number: the number as given.
    /// - Returns: the masked text.
    public static func bankCard(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count > 4 else { return String(repeating: "*", count: characters.count) }
        return String(repeating: "*", count: characters.count - 4) + String(characters.suffix(4))
    }
}
