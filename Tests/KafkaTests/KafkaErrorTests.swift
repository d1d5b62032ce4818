import CRDKafka
import Testing

@testable import Kafka

@Suite("Kafka error kinds")
struct KafkaErrorTests {
    @Test(
        "errors that belong to one message are message-specific, and not retriable",
        arguments: [
            RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG, RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE,
            RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_RECORD,
        ]
    )
    func messageSpecific(_ err: rd_kafka_resp_err_t) {
        let error = KafkaError.rdKafka(err, "delivery")
        #expect(error.isMessageSpecific, "\(error.code.name)")
        #expect(!error.isRetriable)
        #expect(!error.isFatal)
    }

    @Test(
        "timeouts, unknown partitions and broker trouble are infrastructure, not the message's fault",
        arguments: [
            RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR__QUEUE_FULL,
        ]
    )
    func infrastructure(_ err: rd_kafka_resp_err_t) {
        let error = KafkaError.rdKafka(err, "delivery")
        #expect(!error.isMessageSpecific, "\(error.code.name)")
        #expect(!error.isFatal)
    }

    @Test("a fatal error and a client-side error are never message-specific")
    func fatalAndClient() {
        let fatal = KafkaError.rdKafka(RD_KAFKA_RESP_ERR__FATAL, "produce")
        #expect(fatal.isFatal)
        #expect(!fatal.isMessageSpecific)
        #expect(!KafkaError.client("closed").isMessageSpecific)
        #expect(KafkaError.rdKafka(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE).code == .messageSizeTooLarge)
    }
}
