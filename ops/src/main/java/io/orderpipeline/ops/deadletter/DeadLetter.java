package io.orderpipeline.ops.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record of a dead-letter topic, with what its headers say ({@link DeadLetterHeaders}).
 *
 * @param orderId     the order the value names ({@code object_id}, or {@code order_id} on cdm's input), or null
 *                    when the value is not JSON or names none
 * @param cause       the {@code dead-letter-cause} header, or null on a record that is not a dead letter of the pipeline
 * @param sourceTopic the topic it was consumed from: where a re-drive sends it back; null when the header is missing
 * @param cut         whether its value was cut to fit the broker, which leaves nothing whole to re-drive
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, String key, byte[] value,
        String orderId, String cause, String reason, String sourceTopic, boolean cut) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        return new DeadLetter(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(), orderIdOf(record.value()),
                text(headers, DeadLetterHeaders.CAUSE), text(headers, DeadLetterHeaders.REASON),
                text(headers, DeadLetterHeaders.TOPIC), headers.lastHeader(DeadLetterHeaders.ORIGINAL_SIZE) != null);
    }

    /** {@code topic[partition]@offset}: where this dead letter is. */
    public String coordinates() {
        return topic + "[" + partition + "]@" + offset;
    }

    /** What identifies it to an operator: its order, else its key. */
    public String identity() {
        if (orderId != null) {
            return "order " + orderId;
        }
        return key == null ? "without order id or key" : "key " + key;
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

    private static String orderIdOf(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(value);
            JsonNode id = json == null ? null : json.has("object_id") ? json.get("object_id") : json.get("order_id");
            return id == null || !id.isValueNode() ? null : id.asText();
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
