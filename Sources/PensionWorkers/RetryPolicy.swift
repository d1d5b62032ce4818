/// Capped exponential backoff with jitter for retrying a step after an infrastructure failure.
public struct RetryPolicy: Sendable {
    /// The first delay. Default 100 ms.
    public var initialDelay: Duration = .milliseconds(100)
    /// The longest delay. Default 5 s.
    public var maximumDelay: Duration = .seconds(5)

    /// - Parameters:
    ///   - initialDelay: the first delay.
    ///   - maximumDelay: the longest delay.
    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5)) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// The wait before retry number `attempt` (1 for the first retry): `initialDelay × 2^(attempt−1)`, capped at
    /// `maximumDelay`, of which a random part up to half is taken off ("equal jitter"), so workers that failed
    /// together do not retry together.
    public func delay(attempt: Int, random: Double = Double.random(in: 0..<1)) -> Duration {
        let doubled = initialDelay * Double(1 << min(max(attempt - 1, 0), 30))
        let capped = min(doubled, maximumDelay)
        return capped - capped * (random / 2)
    }
}
