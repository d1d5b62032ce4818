/// `DecodingError` descriptions written by this module; they never contain the value being decoded, so
/// ``WireDecoder`` may pass them on.
enum SafeDecodingMessage {
    static let notADate = "not a real date in YYYY-MM-DD form"
    static let notAnInteger = "must be an integer that fits in 64 bits"

    /// Every message above, each ``ResidentIDError`` description and each ``WireTextLimit`` message.
    static let all: Set<String> = Set(
        [notADate, notAnInteger] + ResidentIDError.Reason.allCases.map { ResidentIDError($0).description }
            + WireLimits.allText.map(\.message)
    )
}
