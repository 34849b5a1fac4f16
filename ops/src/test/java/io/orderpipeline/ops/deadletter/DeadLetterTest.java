package io.orderpipeline.ops.deadletter;

import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {

    private static final long WRITTEN = Instant.parse("2026-11-30T04:00:00Z").toEpochMilli();

    @Test
    void readsWhereARecordCameFromAndWhyFromItsHeaders() {
        DeadLetter deadLetter = DeadLetter.of(record(Map.of(DeadLetterHeaders.CAUSE, "UNKNOWN_REFERENCE",
                DeadLetterHeaders.REASON, "user 'u-1' is not in Redis", DeadLetterHeaders.TOPIC, "order-service_orders")));

        assertThat(deadLetter.coordinates()).isEqualTo("stg-service-dlq[2]@17");
        assertThat(deadLetter.timestamp()).isEqualTo(Instant.ofEpochMilli(WRITTEN));
        assertThat(deadLetter.cause()).isEqualTo("UNKNOWN_REFERENCE");
        assertThat(deadLetter.reason()).isEqualTo("user 'u-1' is not in Redis");
        assertThat(deadLetter.sourceTopic()).isEqualTo("order-service_orders");
        assertThat(deadLetter.whyNotRedrivable()).isNull();
    }

    @Test
    void aRecordWithoutItsSourceOrWithACutValueCannotBeRedriven() {
        assertThat(DeadLetter.of(record(Map.of())).whyNotRedrivable()).contains("no dead-letter-topic header");
        assertThat(DeadLetter.of(record(Map.of(DeadLetterHeaders.TOPIC, "order-service_orders",
                DeadLetterHeaders.ORIGINAL_SIZE, "2000000"))).whyNotRedrivable()).contains("its value was cut");
    }

    private static ConsumerRecord<String, byte[]> record(Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, value) -> recordHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>("stg-service-dlq", 2, 17, WRITTEN, TimestampType.CREATE_TIME, 4, 2, "1234",
                new byte[] {'{', '}'}, recordHeaders, Optional.empty());
    }
}
