package io.orderpipeline.runtime.delivery;

import io.opentelemetry.context.Context;
import io.orderpipeline.runtime.logging.LogText;
import io.orderpipeline.shared.deadletter.DeadLetterCause;
import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A record that cannot be processed, on its way to the service's dead-letter topic: the key and value as they
 * were consumed, with headers that say why and where from ({@link DeadLetterHeaders}). It always fits the broker:
 * the reason is bounded, and a value too large to go with its headers is cut, the headers then giving the whole
 * value's size and SHA-256.
 */
record DeadLetter(SourceRecord source, DeadLetterCause cause, String reason, Context trace) {

    DeadLetter(SourceRecord source, DeadLetterCause cause, String reason) {
        this(source, cause, reason, source.trace());
    }

    /** Room for the record's framing and the broker's batch header. */
    private static final int OVERHEAD = 512;

    Message<byte[]> toMessage(int maxRecordBytes) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, DeadLetterHeaders.REASON, boundedReason());
        add(headers, DeadLetterHeaders.CAUSE, cause.name());
        add(headers, DeadLetterHeaders.TOPIC, source.topic());
        add(headers, DeadLetterHeaders.PARTITION, Integer.toString(source.partition()));
        add(headers, DeadLetterHeaders.OFFSET, Long.toString(source.offset()));
        headers.add(Origin.HEADER, Origin.encode(source.originTime()));
        byte[] value = source.value() == null ? new byte[0] : source.value();
        String key = source.key() == null || source.key().length() <= 1_000 ? source.key() : source.key().substring(0, 1_000);
        // The two headers of a cut value take about 120 bytes more.
        int room = maxRecordBytes - OVERHEAD - headerBytes(headers) - (key == null ? 0 : key.length() * 3) - 200;
        if (value.length > room) {
            add(headers, DeadLetterHeaders.ORIGINAL_SIZE, Integer.toString(value.length));
            add(headers, DeadLetterHeaders.ORIGINAL_SHA256, sha256(value));
            value = Arrays.copyOf(value, Math.max(0, room));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build();
        return Message.of(value, Metadata.of(metadata, TracingMetadata.withCurrent(trace)));
    }

    /** The reason as it goes into the header: at most {@link LogText#REASON_LIMIT} characters, as it was. */
    String boundedReason() {
        return reason.length() <= LogText.REASON_LIMIT ? reason : reason.substring(0, LogText.REASON_LIMIT) + "…";
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static int headerBytes(RecordHeaders headers) {
        int size = 0;
        for (var header : headers) {
            size += header.key().length() + header.value().length + 8;
        }
        return size;
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
