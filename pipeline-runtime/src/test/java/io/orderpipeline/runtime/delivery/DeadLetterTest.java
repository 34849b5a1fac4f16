package io.orderpipeline.runtime.delivery;

import io.opentelemetry.context.Context;
import io.orderpipeline.runtime.logging.LogText;
import io.orderpipeline.shared.deadletter.DeadLetterCause;
import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {

    private static final int LIMIT = 1_000_000;

    @Test
    void aRecordThatFitsKeepsItsKeyValueAndSaysWhyAndWhereFrom() throws Exception {
        byte[] value = "{\"object_id\": 1}".getBytes(StandardCharsets.UTF_8);
        Message<byte[]> message = new DeadLetter(new SourceRecord("k", value, "orders", 2, 42, 1_000, 900, Context.root()),
                DeadLetterCause.INVALID_MESSAGE, "field 'payload': is missing").toMessage(LIMIT);

        assertThat(message.getPayload()).isEqualTo(value);
        OutgoingKafkaRecordMetadata<?> metadata = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getKey()).isEqualTo("k");
        Headers headers = metadata.getHeaders();
        assertThat(header(headers, DeadLetterHeaders.REASON)).isEqualTo("field 'payload': is missing");
        assertThat(header(headers, DeadLetterHeaders.CAUSE)).isEqualTo("INVALID_MESSAGE");
        assertThat(header(headers, DeadLetterHeaders.TOPIC)).isEqualTo("orders");
        assertThat(header(headers, DeadLetterHeaders.PARTITION)).isEqualTo("2");
        assertThat(header(headers, DeadLetterHeaders.OFFSET)).isEqualTo("42");
        assertThat(headers.lastHeader(DeadLetterHeaders.ORIGINAL_SIZE)).isNull();
    }

    @Test
    void aRecordNearTheBrokersLimitIsCutToFitWithItsSizeAndDigestInTheHeaders() throws Exception {
        byte[] value = new byte[1_048_374];
        Arrays.fill(value, (byte) 'x');
        String longReason = "field 'sent_dttm': must be a timestamp, was '" + "9".repeat(9_000) + "'";
        Message<byte[]> message = new DeadLetter(new SourceRecord(null, value, "orders", 0, 7, 1_000, 900, Context.root()),
                DeadLetterCause.INVALID_MESSAGE, longReason).toMessage(LIMIT);

        Headers headers = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        int headerBytes = 0;
        for (Header header : headers) {
            headerBytes += header.key().length() + header.value().length;
        }
        assertThat(message.getPayload().length + headerBytes).isLessThan(LIMIT);
        assertThat(message.getPayload()).isEqualTo(Arrays.copyOf(value, message.getPayload().length));
        assertThat(header(headers, DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo("1048374");
        assertThat(header(headers, DeadLetterHeaders.ORIGINAL_SHA256))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
        assertThat(header(headers, DeadLetterHeaders.REASON)).hasSize(LogText.REASON_LIMIT + 1).endsWith("…");
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
