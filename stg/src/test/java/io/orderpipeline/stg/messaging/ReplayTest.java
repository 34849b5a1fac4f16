package io.orderpipeline.stg.messaging;

import io.orderpipeline.devstack.DevstackTestResource;
import io.orderpipeline.shared.message.MessageCodec;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.orderpipeline.stg.messaging.TestOrders.json;
import static io.orderpipeline.stg.messaging.TestOrders.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's consumer goes back to the beginning of the input topic, as after a crash that lost every
 * offset commit: the whole topic is processed again, and stg.order_events does not change.
 */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class ReplayTest {

    private static final String SNAPSHOT = """
            SELECT object_id, object_type, sent_dttm, update_ts, payload::text FROM stg.order_events ORDER BY object_id""";

    @Inject
    Pool database;
    @Inject
    RedisDataSource redis;
    @Inject
    KafkaClientService kafkaClients;

    @Test
    void replayingTheWholeTopicChangesNoRow() {
        redis.value(byte[].class).set(TestOrders.USER_ID, MessageCodec.encode(TestOrders.USER));
        redis.value(byte[].class).set(TestOrders.RESTAURANT_ID, MessageCodec.encode(TestOrders.RESTAURANT));
        try (KafkaCompanion kafka = new KafkaCompanion(DevstackTestResource.devstack().kafka().bootstrapServers())) {
            ConsumerTask<String, byte[]> published = kafka.consume(String.class, byte[].class)
                    .withGroupId("test-" + UUID.randomUUID()).withOffsetReset(OffsetResetStrategy.EARLIEST)
                    .fromTopics(OrderEventProcessorTest.OUTPUT);
            produce(kafka, json(version(7001, 2, "CLOSED")), json(version(7001, 1, "OPEN")),
                    json(version(7002, 1, "OPEN")), json(version(7003, 1, "CLOSED")));
            await().atMost(Duration.ofSeconds(60)).until(() -> keys(published).contains("7003"));
            List<String> before = snapshot();
            int publishedBefore = published.getRecords().size();

            KafkaConsumer<Object, Object> consumer = kafkaClients.getConsumer("raw-orders");
            consumer.getAssignments().chain(consumer::seekToBeginning).await().atMost(Duration.ofSeconds(10));
            produce(kafka, json(version(7004, 1, "OPEN")));
            await().atMost(Duration.ofSeconds(60)).until(() -> keys(published).contains("7004"));

            List<String> after = snapshot();
            assertThat(after).hasSize(before.size() + 1).containsAll(before);
            assertThat(published.getRecords().size()).as("the replay published the stored versions again")
                    .isGreaterThan(publishedBefore + 1);
            published.close();
        }
    }

    private List<String> snapshot() {
        List<String> rows = new ArrayList<>();
        for (Row row : database.query(SNAPSHOT).execute().await().atMost(Duration.ofSeconds(10))) {
            rows.add(row.toJson().encode());
        }
        return rows;
    }

    private static List<String> keys(ConsumerTask<String, byte[]> task) {
        return task.getRecords().stream().map(record -> record.key()).toList();
    }

    private static void produce(KafkaCompanion kafka, byte[]... values) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (byte[] value : values) {
            records.add(new ProducerRecord<>(OrderEventProcessorTest.INPUT, null, value));
        }
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(Duration.ofSeconds(30));
    }
}
