package io.orderpipeline.stg.messaging;

import io.orderpipeline.devstack.DevstackTestResource;
import io.orderpipeline.shared.message.IncomingEvent;
import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.OrderVersion;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer group that starts from the beginning of the input topic, after the other test classes have
 * processed it once with the service's usual group: the replay leaves stg.order_events exactly the
 * newest version of each order that the topic holds. (Quarkus runs test classes with a profile after
 * those without, so the topic holds what the other classes produced.)
 */
@QuarkusTest
@TestProfile(ReplayTest.NewConsumerGroup.class)
@WithTestResource(DevstackTestResource.class)
class ReplayTest {

    public static class NewConsumerGroup implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.raw-orders.group.id", "stg-replay");
        }
    }

    @Inject
    Pool database;

    @Test
    void replayingTheWholeTopicLeavesTheNewestVersionOfEachOrder() {
        try (KafkaCompanion kafka = new KafkaCompanion(DevstackTestResource.devstack().kafka().bootstrapServers())) {
            TopicPartition input = new TopicPartition(OrderEventProcessorTest.INPUT, 0);
            long end = kafka.offsets().get(input, OffsetSpec.latest()).offset();
            assertThat(end).as("records produced by the other test classes").isPositive();
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(kafka, input) >= end);

            Map<Long, OrderVersion> expected = newestVersions(kafka, end);
            Map<Long, OrderVersion> stored = new HashMap<>();
            for (Row row : database.query("SELECT object_id, update_ts, sent_dttm FROM stg.order_events").execute()
                    .await().atMost(Duration.ofSeconds(10))) {
                stored.put(row.getLong(0), new OrderVersion(row.getLocalDateTime(1), row.getLocalDateTime(2)));
            }
            assertThat(stored).isEqualTo(expected);
        }
    }

    private static long committed(KafkaCompanion kafka, TopicPartition partition) {
        OffsetAndMetadata offset = kafka.consumerGroups().offsets("stg-replay", partition);
        return offset == null ? 0 : offset.offset();
    }

    /** The oracle: the newest version of every order the topic holds that decodes. */
    private static Map<Long, OrderVersion> newestVersions(KafkaCompanion kafka, long end) {
        ConsumerTask<String, byte[]> all = kafka.consume(String.class, byte[].class)
                .withGroupId("test-" + UUID.randomUUID()).withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(OrderEventProcessorTest.INPUT, end);
        Map<Long, OrderVersion> newest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : all.awaitCompletion(Duration.ofSeconds(30)).getRecords()) {
            try {
                if (MessageCodec.decodeIncomingEvent(record.value()) instanceof IncomingEvent.Order order) {
                    OrderEvent event = order.event();
                    newest.merge(event.objectId(), event.version(), (a, b) -> a.isNewerThan(b) ? a : b);
                }
            } catch (InvalidMessageException poison) {
                // dead-lettered, never stored
            }
        }
        return newest;
    }
}
