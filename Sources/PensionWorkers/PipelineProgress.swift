import PensionStore

/// How far the registration and ID-verification stages have got, counted in the store rather than from
/// watermarks (the local broker under-reports its high watermark).
public struct PipelineProgress: Sendable, Equatable {
    /// Registration events applied or dead-lettered.
    public var registrationsProcessed: Int
    /// Verification requests the applied registrations caused (one per registration event).
    public var verificationRequests: Int
    /// Verification requests applied or dead-lettered.
    public var verificationsProcessed: Int

    /// Reads the counts from the store.
    /// - Throws: a store error.
    public static func read(from store: any PensionStore) async throws -> PipelineProgress {
        PipelineProgress(
            registrationsProcessed: try await store.processedCount(stage: StoreStage.registration),
            verificationRequests: try await store.townshipSummaries().reduce(0) { $0 + $1.registrationsApplied },
            verificationsProcessed: try await store.processedCount(stage: StoreStage.idVerification)
        )
    }

    /// Whether every one of `published` registrations and every request they caused has been processed.
    public func isDrained(published: Int) -> Bool {
        registrationsProcessed == published && verificationsProcessed == verificationRequests
    }
}
