import AsyncAlgorithms
import Kafka
import Logging
import PensionDomain
import PensionStore
import ServiceLifecycle
import Synchronization

/// How a worker reads its topic.
public enum StageScope: Sendable {
    /// Join the stage's consumer group; the group spreads partitions over the workers.
    case group
    /// Read only these partitions (for example one township's), committing to the stage's group.
    case partitions([Int32])
}

/// Runs one ``StageHandler``: poll a batch, decide it, write its effects, outbox and dead letters in one store
/// transaction, produce what was stored, and only then commit the offsets.
///
/// The steps run as a pipeline of four tasks (poll; plan; store; produce and commit), so batches overlap. At most
/// ``Configuration/maxBatchesInFlight`` batches are in flight; while that many are, the worker pauses its partitions
/// and keeps polling, so rebalances are served and the member stays in its group however long a step takes.
///
/// Failures are handled by kind (``FailureKind``): a message failure (it cannot be decoded or decided, its township
/// is unknown, a follow-up is too large, the store refuses its record) makes that message a dead letter and the
/// partition moves on (a store refusal is isolated by splitting the batch); an infrastructure failure retries the
/// step with capped exponential backoff and jitter, commits nothing meanwhile and is logged with its attempt count;
/// a fatal failure stops the worker with the error. When partitions are revoked, the batches of those partitions
/// still in the pipeline are dropped uncommitted at their next step (the new owner replays them), and offsets are
/// stored only forwards. On graceful shutdown polling stops, the batches in flight are finished (or abandoned if a
/// step is failing), and the consumer and producer are closed on every path.
public final class StageWorker<Handler: StageHandler>: Service, Sendable {
    /// Runtime settings.
    public struct Configuration: Sendable {
        /// Most batches polled but not yet committed. Default 4: one in each working step and one waiting before
        /// the slowest.
        public var maxBatchesInFlight = 4
        /// Most batches written in one store transaction when several wait for the store (group commit). Default 2:
        /// larger transactions rewrite each index page once for more events, but hold more memory.
        public var maxBatchesPerTransaction = 2
        /// How long the pipeline may stay full before the partitions are paused (polling goes on). Default 1 s.
        public var pauseAfter: Duration = .seconds(1)
        /// Backoff for infrastructure failures.
        public var retry = RetryPolicy()

        public init() {}
    }

    private let handler: Handler
    private let consumer: any StageConsumer
    private let producer: any StageProducer
    private let plan: PartitionPlan
    private let scope: StageScope
    private let configuration: Configuration
    private let logger: Logger
    private let progress: (@Sendable (CommittedBatch) -> Void)?
    private let ownership = PartitionOwnership()
    private let metrics: WorkerMetrics
    private let inFlight = Atomic(0)

    /// - Parameters:
    ///   - handler: the stage.
    ///   - consumer: a consumer whose group id is the stage's group.
    ///   - producer: an idempotent producer for dead letters and follow-ups.
    ///   - plan: the partition plan that places follow-ups.
    ///   - scope: group membership or fixed partitions.
    ///   - configuration: runtime settings.
    ///   - logger: the worker's logger.
    ///   - progress: called after each commit with the batch's size and step times.
    public init(
        handler: Handler, consumer: any StageConsumer, producer: any StageProducer, plan: PartitionPlan,
        scope: StageScope = .group, configuration: Configuration = Configuration(), logger: Logger,
        progress: (@Sendable (CommittedBatch) -> Void)? = nil
    ) {
        self.handler = handler
        self.consumer = consumer
        self.producer = producer
        self.plan = plan
        self.scope = scope
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "pension.stage"] = "\(handler.stage)"
        self.logger = logger
        self.progress = progress
        self.metrics = WorkerMetrics(stage: handler.stage)
    }

    /// Consumes until graceful shutdown or cancellation, then closes the consumer (committing finished work) and
    /// the producer.
    /// - Throws: a fatal error (fatal Kafka error, damaged store); the clients are closed first.
    public func run() async throws {
        var failure: (any Error)?
        do {
            try await start()
            let stopping = StopFlag()
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    let polled = AsyncChannel<PolledBatch>()
                    let planned = BatchHandoff<PlannedBatch>()
                    let stored = AsyncChannel<StoredBatch>()
                    group.addTask { try await self.poll(into: polled, stopping: stopping) }
                    group.addTask { try await self.plan(polled, into: planned, stopping: stopping) }
                    group.addTask { try await self.store(planned, into: stored, stopping: stopping) }
                    group.addTask { try await self.deliverAndCommit(stored, stopping: stopping) }
                    // The first step to fail ends the worker: leaving the group by that error cancels the others.
                    while try await group.next() != nil {}
                }
            } onGracefulShutdown: {
                stopping.set()
            }
        } catch is StopRequested {
            logger.info("stopping with batches unfinished; they are replayed from the last commit")
        } catch is CancellationError {
            logger.info("cancelled; unfinished batches are replayed from the last commit")
        } catch {
            failure = error
        }
        await closeClients()
        if let failure {
            logger.critical("worker failed", metadata: ["pension.error": "\(failure)"])
            throw failure
        }
        logger.info("worker stopped")
    }

    private func start() async throws {
        switch scope {
        case .group:
            let topics = handler.inputTopics
            if topics.count == 1 {
                try await consumer.subscribe(topic: topics[0]) { [ownership] in ownership.apply($0) }
            } else {
                try await consumer.subscribe(topics: topics) { [ownership] in ownership.apply($0) }
            }
        case .partitions(let partitions):
            let assigned = handler.inputTopics.flatMap { topic in partitions.map { TopicPartition(topic, $0) } }
            ownership.assign(assigned)
            try await consumer.assign(assigned)
        }
        logger.info(
            "worker started",
            metadata: [
                "kafka.topic": "\(handler.inputTopics.joined(separator: ","))",
                "pension.batches.max": "\(configuration.maxBatchesInFlight)",
            ]
        )
    }

    private func closeClients() async {
        do { try await consumer.close() } catch {
            logger.warning("closing the consumer failed", metadata: ["pension.error": "\(error)"])
        }
        do { try await producer.shutdown() } catch {
            logger.warning("flushing the producer failed", metadata: ["pension.error": "\(error)"])
        }
    }

    // MARK: The steps

    /// A polled batch with the epochs of its partitions at poll time.
    private struct PolledBatch: Sendable {
        var messages: [KafkaMessage]
        var epochs: [TopicPartition: UInt64]
        /// Every message's partition was owned when it was polled.
        var allOwned: Bool
        var waited: Duration
    }

    /// A decided batch, on its way to the store. `sources[i]` is the index in `messages` of `events[i]`.
    private struct PlannedBatch: Sendable {
        var messages: [KafkaMessage]
        var epochs: [TopicPartition: UInt64]
        var events: [StageEvent<Handler.Record>]
        var sources: [Int]
        var deadLetters: [(index: Int, reason: DeadLetterReason)]
        var report: CommittedBatch
    }

    /// A stored batch with the messages to produce and where each came from (the input partition); they become
    /// Kafka messages in the last step, off the store step, which is the slowest.
    private struct StoredBatch: Sendable {
        var messages: [KafkaMessage]
        var epochs: [TopicPartition: UInt64]
        var produced: [OutboxMessage]
        var producedFrom: [TopicPartition]
        var deadLetters: [(index: Int, reason: DeadLetterReason)]
        var report: CommittedBatch
    }

    /// Polls batches while fewer than ``Configuration/maxBatchesInFlight`` are in flight, handing them on one at a
    /// time, so handing on never waits (the steps and their buffers hold more than that many) and polling goes on
    /// whatever the steps do: a commit or a step waiting for a rebalance must never wait for this task. When the
    /// pipeline has been full for ``Configuration/pauseAfter`` (a step is slow or failing), the partitions are paused
    /// and polling goes on, serving rebalances and keeping the member alive; they are resumed when there is room.
    /// Short waits do not pause: pausing drops librdkafka's prefetched messages, which are then fetched again.
    private func poll(into polled: AsyncChannel<PolledBatch>, stopping: StopFlag) async throws {
        defer { polled.finish() }
        let clock = ContinuousClock()
        // The partitions paused here since the last resume. A partition keeps librdkafka's pause across revocation
        // and assignment, so after any assignment every owned partition is resumed once there is room.
        var paused: Set<TopicPartition> = []
        var resumedAssignment: UInt64 = 0
        var held: [PolledBatch] = []
        var fullSince: ContinuousClock.Instant?
        while !stopping.isSet && !Task.isCancelled {
            let room = inFlight.load(ordering: .relaxed) < configuration.maxBatchesInFlight
            if room, !held.isEmpty {
                inFlight.add(1, ordering: .relaxed)
                await polled.send(held.removeFirst())
                continue
            }
            if !room || !held.isEmpty {
                let since = fullSince ?? clock.now
                fullSince = since
                guard clock.now - since >= configuration.pauseAfter else {
                    try? await Task.sleep(for: .milliseconds(1))
                    continue
                }
                // Keep polling (rebalances, liveness), but fetch nothing new.
                let newlyOwned = ownership.owned.subtracting(paused)
                if !newlyOwned.isEmpty {
                    do {
                        try await consumer.pause(Array(newlyOwned))
                        paused.formUnion(newlyOwned)
                    } catch {
                        // A partition revoked meanwhile; the next round pauses what is owned then.
                        logger.debug("pause failed", metadata: ["pension.error": "\(error)"])
                    }
                }
            } else {
                fullSince = nil
                let (owned, version) = ownership.assignment
                if !paused.isEmpty || version != resumedAssignment {
                    do {
                        try await consumer.resume(Array(owned))
                        paused = []
                        resumedAssignment = version
                    } catch {
                        // A partition revoked meanwhile; the next round resumes what is owned then.
                        logger.debug("resume failed", metadata: ["pension.error": "\(error)"])
                    }
                }
            }
            let started = clock.now
            let messages = try await retrying("poll", stopping: stopping) { try await self.consumer.poll() }
            if !messages.isEmpty {
                let (epochs, allOwned) = ownership.epochs(of: messages)
                held.append(PolledBatch(messages: messages, epochs: epochs, allOwned: allOwned, waited: clock.now - started))
            }
        }
    }

    private func plan(
        _ polled: AsyncChannel<PolledBatch>, into planned: BatchHandoff<PlannedBatch>, stopping: StopFlag
    ) async throws {
        defer { planned.finish() }
        let clock = ContinuousClock()
        for await batch in polled.buffer(policy: .bounded(1)) {
            let started = clock.now
            let messages = keepCurrent(batch)
            var decoded: [Handler.Event] = []
            var decodedFrom: [Int] = []
            decoded.reserveCapacity(messages.count)
            decodedFrom.reserveCapacity(messages.count)
            var deadLetters: [(index: Int, reason: DeadLetterReason)] = []
            for index in messages.indices {
                do {
                    decoded.append(try handler.decode(messages[index]))
                    decodedFrom.append(index)
                } catch {
                    deadLetters.append((index, DeadLetterReason(error)))
                }
            }
            let context = try await retrying("load", stopping: stopping) { try await self.handler.context(for: decoded) }
            var events: [StageEvent<Handler.Record>] = []
            var sources: [Int] = []
            events.reserveCapacity(decoded.count)
            sources.reserveCapacity(decoded.count)
            for (event, index) in zip(decoded, decodedFrom) {
                do {
                    let decision = try handler.decide(event, at: messages[index].position, context: context)
                    var outbox: [OutboxMessage] = []
                    outbox.reserveCapacity(decision.followUps.count)
                    for followUp in decision.followUps { outbox.append(try place(followUp)) }
                    events.append(StageEvent(record: decision.record, outbox: outbox))
                    sources.append(index)
                } catch let error as EventDecodingError {
                    deadLetters.append((index, DeadLetterReason(error)))
                } catch let reason as DeadLetterReason {
                    deadLetters.append((index, reason))
                }
            }
            deadLetters.sort { $0.index < $1.index }
            let report = CommittedBatch(size: messages.count, poll: batch.waited, plan: clock.now - started)
            planned.send(PlannedBatch(
                messages: messages, epochs: batch.epochs, events: events, sources: sources,
                deadLetters: deadLetters, report: report
            ))
        }
    }

    /// Store first: a follow-up is produced only once the change that caused it is durable, and it is the stored
    /// follow-up that is produced (for an event applied before, the one stored then). Every batch waiting when the
    /// store is free goes into one transaction (group commit): behind a backlog, commits grow to
    /// ``Configuration/maxBatchesPerTransaction`` batches, and each rewrites the index pages it touches once, not per
    /// batch.
    /// The batches go on to be produced and committed one by one.
    private func store(
        _ planned: BatchHandoff<PlannedBatch>, into stored: AsyncChannel<StoredBatch>, stopping: StopFlag
    ) async throws {
        defer { stored.finish() }
        let clock = ContinuousClock()
        while true {
            var batches = await planned.take(upTo: configuration.maxBatchesPerTransaction)
            guard !batches.isEmpty else { return }
            let started = clock.now
            for index in batches.indices { dropRevoked(from: &batches[index]) }
            let group = GroupedEvents(batches.map(\.events.count))
            let events = batches.count == 1 ? batches[0].events : batches.flatMap(\.events)
            let letters = batches.flatMap { batch in
                batch.deadLetters.map {
                    DeadLetters.record(
                        for: batch.messages[$0.index], reason: $0.reason, stage: handler.stage,
                        townshipCode: try? WireDecoder.header(of: batch.messages[$0.index].value).townshipCode
                    )
                }
            }
            var results = [AppliedEvent<Handler.Outcome>?](repeating: nil, count: events.count)
            var refused: [(event: Int, reason: DeadLetterReason)] = []
            try await write(events, events.indices, letters, &results, &refused, stopping: stopping) { event, reason in
                let (batch, local) = group.locate(event)
                return DeadLetters.record(
                    for: batches[batch].messages[batches[batch].sources[local]], reason: reason, stage: handler.stage,
                    townshipCode: events[event].record.townshipCode
                )
            }
            let elapsed = clock.now - started
            for (event, reason) in refused {
                let (batch, local) = group.locate(event)
                batches[batch].deadLetters.append((batches[batch].sources[local], reason))
            }
            for (index, batch) in batches.enumerated() {
                var next = storedBatch(batch, results: results[group.range(index)])
                next.report.store = elapsed
                next.report.storedWith = batches.reduce(0) { $0 + $1.messages.count }
                await stored.send(next)
            }
        }
    }

    /// What the last step needs of a stored batch: its stored follow-ups (for events applied before, those stored
    /// then) with their source partitions, and its dead letters.
    private func storedBatch(
        _ batch: PlannedBatch, results: ArraySlice<AppliedEvent<Handler.Outcome>?>
    ) -> StoredBatch {
        var produced: [OutboxMessage] = []
        var producedFrom: [TopicPartition] = []
        produced.reserveCapacity(batch.events.count)
        producedFrom.reserveCapacity(batch.events.count)
        var applied = 0
        var repeats = 0
        for (index, result) in zip(batch.events.indices, results) {
            guard let result else { continue }
            let outbox: [OutboxMessage]
            switch result {
            case .alreadyApplied(let stored):
                outbox = stored
                repeats += 1
            case .applied(let outcome):
                outbox = handler.followUps(applied: outcome, decided: batch.events[index].outbox)
                applied += 1
            }
            for message in outbox {
                produced.append(message)
                producedFrom.append(batch.messages[batch.sources[index]].topicPartition)
            }
        }
        metrics.applied.increment(by: Int64(applied))
        if repeats > 0 {
            metrics.redelivered.increment(by: Int64(repeats))
            logger.info(
                "events already applied (redelivered or replayed); their stored follow-ups are sent again",
                metadata: ["pension.events.redelivered": "\(repeats)"]
            )
        }
        return StoredBatch(
            messages: batch.messages, epochs: batch.epochs, produced: produced, producedFrom: producedFrom,
            deadLetters: batch.deadLetters, report: batch.report
        )
    }

    /// Applies `range` of `events` (with `letters`) in one transaction. When the store refuses a record for good,
    /// the range is split in halves until the refused event stands alone; `letter` makes it a dead letter.
    private func write(
        _ events: [StageEvent<Handler.Record>], _ range: Range<Int>, _ letters: [DeadLetterRecord],
        _ results: inout [AppliedEvent<Handler.Outcome>?], _ refused: inout [(event: Int, reason: DeadLetterReason)],
        stopping: StopFlag, letter: (Int, DeadLetterReason) -> DeadLetterRecord
    ) async throws {
        guard !range.isEmpty || !letters.isEmpty else { return }
        do {
            let part = range == events.indices ? events : Array(events[range])
            let applied = try await retrying("store", stopping: stopping, isolating: true) {
                try await self.handler.apply(StageBatch(events: part, deadLetters: letters))
            }
            for (index, result) in zip(range, applied) { results[index] = result }
        } catch let failure as IsolatedFailure {
            guard !range.isEmpty else { throw failure.error }  // dead letters alone cannot be refused
            if range.count == 1 {
                let reason = DeadLetterReason.storeRejected(failure.reason)
                refused.append((range.lowerBound, reason))
                try await write(
                    events, range.upperBound..<range.upperBound, letters + [letter(range.lowerBound, reason)],
                    &results, &refused, stopping: stopping, letter: letter
                )
                return
            }
            let middle = range.lowerBound + range.count / 2
            try await write(events, range.lowerBound..<middle, letters, &results, &refused, stopping: stopping, letter: letter)
            try await write(events, middle..<range.upperBound, [], &results, &refused, stopping: stopping, letter: letter)
        }
    }

    /// Then the deliveries, then the offsets, batch after batch.
    private func deliverAndCommit(_ stored: AsyncChannel<StoredBatch>, stopping: StopFlag) async throws {
        let clock = ContinuousClock()
        for await batch in stored.buffer(policy: .bounded(1)) {
            defer { inFlight.subtract(1, ordering: .relaxed) }
            let started = clock.now
            let current = ownership.current(batch.epochs)
            let moved = current.count < batch.epochs.count
            let partitions = moved ? Set(current) : []
            var produced: [KafkaProducerMessage] = []
            produced.reserveCapacity(batch.deadLetters.count + batch.produced.count)
            for letter in batch.deadLetters where !moved || partitions.contains(batch.messages[letter.index].topicPartition) {
                produced.append(DeadLetters.message(
                    for: batch.messages[letter.index], reason: letter.reason, topic: handler.deadLetterTopic,
                    maxBytes: producer.maxMessageBytes
                ))
            }
            for (message, partition) in zip(batch.produced, batch.producedFrom) where !moved || partitions.contains(partition) {
                produced.append(KafkaProducerMessage(message))
            }
            // A retry sends the whole batch again; downstream stages ignore the repeats.
            try await retrying("produce", stopping: stopping) { try await self.producer.deliver(produced) }
            let delivered = clock.now
            for letter in batch.deadLetters {
                let message = batch.messages[letter.index]
                metrics.deadLettered(reason: letter.reason.code)
                logger.warning(
                    "dead-lettered",
                    metadata: [
                        "kafka.partition": "\(message.partition)", "kafka.offset": "\(message.offset)",
                        "pension.error.code": "\(letter.reason.code)", "pension.error.field": "\(letter.reason.field ?? "-")",
                    ]
                )
            }
            let left = try ownership.storeOffsets(of: batch.messages, epochs: batch.epochs) {
                try consumer.markProcessed($0)
            }
            if left > 0 {
                metrics.dropped.increment(by: Int64(left))
                logger.info(
                    "partitions moved while their batch was in flight; the new owner replays it",
                    metadata: ["pension.messages.dropped": "\(left)"]
                )
            }
            try await retrying("commit", stopping: stopping) { try await self.consumer.commit() }
            var report = batch.report
            report.produce = delivered - started
            report.commit = clock.now - delivered
            logger.debug(
                "batch committed",
                metadata: [
                    "pension.batch.size": "\(report.size)", "pension.batch.poll": "\(report.poll)",
                    "pension.batch.plan": "\(report.plan)", "pension.batch.store": "\(report.store)",
                    "pension.batch.produce": "\(report.produce)", "pension.batch.commit": "\(report.commit)",
                ]
            )
            metrics.committed(report)
            progress?(report)
        }
    }

    // MARK: Helpers

    /// The follow-up in its partition, if the plan knows its township and the producer accepts its size.
    private func place(_ followUp: FollowUp) throws(DeadLetterReason) -> OutboxMessage {
        let message: OutboxMessage
        do { message = try followUp.placed(by: plan) } catch { throw .unknownTownship }
        guard message.payloadSize + DeadLetters.recordOverhead <= producer.maxMessageBytes else { throw .tooLarge }
        return message
    }

    /// The messages of partitions still owned under the epochs they were polled with.
    private func keepCurrent(_ batch: PolledBatch) -> [KafkaMessage] {
        let current = ownership.current(batch.epochs)
        guard !batch.allOwned || current.count < batch.epochs.count else { return batch.messages }
        let kept = batch.messages.filter { current.contains($0.topicPartition) }
        metrics.dropped.increment(by: Int64(batch.messages.count - kept.count))
        return kept
    }

    /// Leaves out the events and dead letters of partitions revoked since the batch was polled.
    private func dropRevoked(from batch: inout PlannedBatch) {
        let current = ownership.current(batch.epochs)
        guard current.count < batch.epochs.count else { return }
        let messages = batch.messages
        func keep(_ index: Int) -> Bool { current.contains(messages[index].topicPartition) }
        let kept = batch.sources.indices.filter { keep(batch.sources[$0]) }
        metrics.dropped.increment(by: Int64(batch.events.count - kept.count))
        batch.events = kept.map { batch.events[$0] }
        batch.sources = kept.map { batch.sources[$0] }
        batch.deadLetters = batch.deadLetters.filter { keep($0.index) }
    }

    /// How the runtime treats `error`, by its type.
    private func failureKind(of error: any Error) -> FailureKind {
        if let classified = error as? any ClassifiedError { return classified.failureKind }
        if let kafka = error as? KafkaError {
            if kafka.isFatal { return .fatal }
            if kafka.isMessageSpecific { return .message(reason: "too_large") }
            return .infrastructure
        }
        if let kind = handler.failureKind(of: error) { return kind }
        return .infrastructure
    }

    /// Runs `step` until it succeeds. Infrastructure failures are retried with ``RetryPolicy`` backoff, each retry
    /// logged with its attempt count and counted; fatal failures are thrown. A message failure is thrown as an
    /// ``IsolatedFailure`` when the caller can isolate the message (`isolating`), else it is fatal: nothing could
    /// move past it. A worker told to stop gives up (``StopRequested``), leaving the batch uncommitted.
    private func retrying<T>(
        _ step: String, stopping: StopFlag, isolating: Bool = false, _ body: () async throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch {
                switch failureKind(of: error) {
                case .fatal:
                    throw error
                case .message(let reason):
                    if isolating { throw IsolatedFailure(reason: reason, error: error) }
                    throw error
                case .infrastructure:
                    attempt += 1
                    let delay = configuration.retry.delay(attempt: attempt)
                    metrics.retried(step: step)
                    logger.warning(
                        "step failed; retrying without committing",
                        metadata: [
                            "pension.step": "\(step)", "pension.attempt": "\(attempt)", "pension.error": "\(error)",
                            "pension.retry.in": "\(delay)",
                        ]
                    )
                    if stopping.isSet || Task.isCancelled { throw StopRequested() }
                    do { try await Task.sleep(for: delay) } catch { throw StopRequested() }
                    if stopping.isSet { throw StopRequested() }
                }
            }
        }
    }
}

/// A committed batch: its size and how long each step took (the steps of consecutive batches overlap).
public struct CommittedBatch: Sendable {
    /// Messages in the batch.
    public var size: Int
    /// Waiting for the batch in `poll`.
    public var poll: Duration
    /// Decoding, validating and deciding its effects.
    public var plan: Duration
    /// The store transaction (shared with the batches written in the same one).
    public var store: Duration = .zero
    /// Messages written in the same store transaction as this batch, this one's included (group commit).
    public var storedWith = 0
    /// Producing dead letters and follow-ups and awaiting their delivery.
    public var produce: Duration = .zero
    /// Committing the offsets.
    public var commit: Duration = .zero
}

/// Set once when graceful shutdown begins.
final class StopFlag: Sendable {
    private let flag = Atomic(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}

/// A step gave up because the worker is stopping.
struct StopRequested: Error {}

/// A message failure the caller isolates by splitting its batch.
struct IsolatedFailure: Error {
    var reason: String
    var error: any Error
}
