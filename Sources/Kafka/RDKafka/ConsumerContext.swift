import CRDKafka
import Logging
import Synchronization

/// Serves a consumer's rebalance callback: commits finished work before partitions are revoked, then applies
/// the new assignment with the protocol the group uses (eager or cooperative).
final class ConsumerContext: RDKafkaContext, @unchecked Sendable {
    typealias Listener = @Sendable (KafkaConsumer.RebalanceEvent) -> Void

    /// Replaceable at any time; read once per event and called outside the lock, so a listener may replace itself.
    private let listener: Mutex<Listener?>

    init(logger: Logger, listener: Listener?) {
        self.listener = Mutex(listener)
        super.init(logger: logger)
    }

    /// Replaces the listener; the next rebalance event goes to the new one.
    func setListener(_ new: Listener?) { listener.withLock { $0 = new } }

    /// Calls the current listener, if any, on the thread serving the rebalance callback.
    private func notify(_ kind: KafkaConsumer.RebalanceEvent.Kind, _ partitions: [TopicPartition]) {
        guard let current = listener.withLock({ $0 }) else { return }
        current(.init(kind: kind, partitions: partitions))
    }

    override func install(on conf: OpaquePointer, kind: RDKafkaClient.Kind) {
        super.install(on: conf, kind: kind)
        rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, _ in
            guard let rk, let partitions, let context = RDKafkaContext.from(rk) as? ConsumerContext else { return }
            context.rebalance(rk, err, partitions)
        }
    }

    private func rebalance(_ rk: OpaquePointer, _ err: rd_kafka_resp_err_t, _ partitions: RDKafkaTopicPartitionList.Pointer) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE"
        let moved = RDKafkaTopicPartitionList.entries(partitions).map(\.0)
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            log(moved, "partitions assigned")
            if cooperative {
                report(rd_kafka_incremental_assign(rk, partitions), "assign")
            } else {
                report(rd_kafka_assign(rk, partitions), "assign")
            }
            notify(.assigned, moved)
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(rk) != 0
            if !lost {
                // Commit what the application finished before another member takes these partitions over.
                let commit = RDKafka.commit(rk, timeoutMilliseconds: 10_000)
                if commit != RD_KAFKA_RESP_ERR_NO_ERROR && commit != RD_KAFKA_RESP_ERR__NO_OFFSET {
                    logger.warning("commit before revocation failed", metadata: ["kafka.error.code": "\(KafkaError.rdKafka(commit).code.name)"])
                }
            }
            log(moved, lost ? "partitions lost" : "partitions revoked")
            notify(lost ? .lost : .revoked, moved)
            if cooperative {
                report(rd_kafka_incremental_unassign(rk, partitions), "unassign")
            } else {
                report(rd_kafka_assign(rk, nil), "unassign")
            }
        default:
            logger.error("rebalance failed", metadata: ["kafka.error.code": "\(KafkaError.rdKafka(err).code.name)"])
            report(rd_kafka_assign(rk, nil), "unassign")
        }
    }

    /// Logs a count at info level and the partitions themselves at debug level.
    private func log(_ partitions: [TopicPartition], _ message: Logger.Message) {
        logger.info(message, metadata: ["kafka.partitions.count": "\(partitions.count)"])
        logger.debug(message, metadata: ["kafka.partitions": "\(partitions)"])
    }

    private func report(_ err: rd_kafka_resp_err_t, _ what: String) {
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        log(KafkaError.rdKafka(err, what), what)
    }

    private func report(_ error: OpaquePointer?, _ what: String) {
        guard let error else { return }
        log(KafkaError.rdKafka(error: error, what), what)
    }

    private func log(_ failure: KafkaError, _ what: String) {
        logger.error("rebalance \(what) failed", metadata: ["kafka.error.code": "\(failure.code.name)", "kafka.error.message": "\(failure.message)"])
    }
}
