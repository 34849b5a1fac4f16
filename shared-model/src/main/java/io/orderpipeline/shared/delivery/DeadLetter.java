package io.orderpipeline.shared.delivery;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;

/**
 * A message that cannot be processed, on its way to the service's dead-letter topic: the raw bytes as they
 * were consumed, with headers that say why and where from (the same header names as SmallRye's own
 * dead-letter queue, so existing tooling reads them).
 */
public record DeadLetter(SourceRecord source, Cause cause, String reason) {

    public static final String REASON_HEADER = "dead-letter-reason";
    public static final String CAUSE_HEADER = "dead-letter-cause";
    public static final String TOPIC_HEADER = "dead-letter-topic";
    public static final String PARTITION_HEADER = "dead-letter-partition";
    public static final String OFFSET_HEADER = "dead-letter-offset";

    /** Why a message was dead-lettered; also the {@code cause} tag of the dead-letter metric. */
    public enum Cause {
        /** Not JSON, or a field missing or of the wrong type. */
        INVALID_MESSAGE,
        /** A user, restaurant or menu item that Redis does not hold after the bounded retry. */
        UNKNOWN_REFERENCE,
        /** Well-formed, but PostgreSQL rejected its data. */
        REJECTED_BY_DATABASE
    }

    Message<byte[]> toMessage() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, utf8(reason));
        headers.add(CAUSE_HEADER, utf8(cause.name()));
        headers.add(TOPIC_HEADER, utf8(source.topic()));
        headers.add(PARTITION_HEADER, utf8(Integer.toString(source.partition())));
        headers.add(OFFSET_HEADER, utf8(Long.toString(source.offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(source.key())
                .withHeaders(headers)
                .build();
        return Message.of(source.value() == null ? new byte[0] : source.value(), Metadata.of(metadata));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
