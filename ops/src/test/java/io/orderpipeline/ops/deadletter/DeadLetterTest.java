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
        assertThat(deadLetter.identity()).isEqualTo("order 1002");
    }

    @Test
    void anOperatorKnowsADeadLetterByItsOrderElseByItsKey() {
        assertThat(DeadLetter.of(record(Map.of(), "1234", "{\"order_id\": 7}")).identity()).isEqualTo("order 7");
        assertThat(DeadLetter.of(record(Map.of(), "1234", "{\"object_id\": ")).identity()).isEqualTo("key 1234");
        assertThat(DeadLetter.of(record(Map.of(), null, "[1]")).identity()).isEqualTo("without order id or key");
    }

    @Test
    void aRecordWithoutItsSourceOrWithACutValueCannotBeRedriven() {
        assertThat(DeadLetter.of(record(Map.of())).whyNotRedrivable()).contains("no dead-letter-topic header");
        assertThat(DeadLetter.of(record(Map.of(DeadLetterHeaders.TOPIC, "order-service_orders",
                DeadLetterHeaders.ORIGINAL_SIZE, "2000000"))).whyNotRedrivable()).contains("its value was cut");
    }

    private static ConsumerRecord<String, byte[]> record(Map<String, String> headers) {
        return record(headers, "1234", "{\"object_id\": 1002, \"object_type\": \"order\"}");
    }

    private static ConsumerRecord<String, byte[]> record(Map<String, String> headers, String key, String value) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>("stg-service-dlq", 2, 17, WRITTEN, TimestampType.CREATE_TIME, 4, value.length(),
                key, value.getBytes(StandardCharsets.UTF_8), recordHeaders, Optional.empty());
    }
}
