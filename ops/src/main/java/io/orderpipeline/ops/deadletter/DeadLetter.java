package io.orderpipeline.ops.deadletter;

import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record of a dead-letter topic, with what its headers say ({@link DeadLetterHeaders}).
 *
 * @param cause       the {@code dead-letter-cause} header, or null on a record that is not a dead letter of the pipeline
 * @param sourceTopic the topic it was consumed from: where a re-drive sends it back; null when the header is missing
 * @param cut         whether its value was cut to fit the broker, which leaves nothing whole to re-drive
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, String key, byte[] value,
        String cause, String reason, String sourceTopic, boolean cut) {

    public static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(),
                text(headers, DeadLetterHeaders.CAUSE), text(headers, DeadLetterHeaders.REASON),
                text(headers, DeadLetterHeaders.TOPIC), headers.lastHeader(DeadLetterHeaders.ORIGINAL_SIZE) != null);
    }

    /** {@code topic[partition]@offset}: where this dead letter is. */
    public String coordinates() {
        return topic + "[" + partition + "]@" + offset;
    }

    /** Why it cannot be sent back, or null when it can. */
    public String whyNotRedrivable() {
        if (sourceTopic == null) {
            return "it has no " + DeadLetterHeaders.TOPIC + " header";
        }
        if (cut) {
            return "its value was cut to fit the broker (" + DeadLetterHeaders.ORIGINAL_SHA256
                    + " identifies the whole record in " + sourceTopic + ")";
        }
        return null;
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
