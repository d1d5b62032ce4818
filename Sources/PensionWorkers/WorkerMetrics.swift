import Metrics

/// The counters one stage's worker reports through swift-metrics (whatever backend the process bootstrapped; none
/// by default). Labels carry the stage, step and reason codes, never personal data.
struct WorkerMetrics: Sendable {
    let stage: String
    /// Events applied (new at this stage).
    let applied: Counter
    /// Events found already applied: redeliveries and replays.
    let redelivered: Counter
    /// Batches or parts of batches dropped because their partitions were revoked.
    let dropped: Counter

    init(stage: String) {
        self.stage = stage
        applied = Counter(label: "pension_worker_events_applied_total", dimensions: [("stage", stage)])
        redelivered = Counter(label: "pension_worker_events_redelivered_total", dimensions: [("stage", stage)])
        dropped = Counter(label: "pension_worker_messages_dropped_on_revocation_total", dimensions: [("stage", stage)])
    }

    /// One more retry of `step` after an infrastructure failure.
    func retried(step: String) {
        Counter(label: "pension_worker_retries_total", dimensions: [("stage", stage), ("step", step)]).increment()
    }

    /// One committed batch: its messages (throughput) and each step's duration.
    func committed(_ report: CommittedBatch) {
        Counter(label: "pension_worker_messages_total", dimensions: [("stage", stage)]).increment(by: Int64(report.size))
        for (step, duration) in [("poll", report.poll), ("plan", report.plan), ("store", report.store),
                                 ("produce", report.produce), ("commit", report.commit)] {
            Metrics.Timer(label: "pension_worker_batch_step_seconds", dimensions: [("stage", stage), ("step", step)])
                .recordNanoseconds(max(0, duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000))
        }
    }

    /// One more dead letter, by reason code.
    func deadLettered(reason: String) {
        Counter(label: "pension_worker_dead_letters_total", dimensions: [("stage", stage), ("reason", reason)])
            .increment()
    }
}
