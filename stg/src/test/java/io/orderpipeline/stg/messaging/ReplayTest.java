package io.orderpipeline.stg.messaging;

import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Upstream;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Row;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.json;
import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's consumer goes back to the beginning of the input topic, as after a crash that lost every
 * offset commit: the whole topic is processed again, and stg.order_events does not change.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class ReplayTest {

    private static final String SNAPSHOT = """
            SELECT object_id, object_type, sent_dttm, update_ts, payload::text AS payload
              FROM stg.order_events ORDER BY object_id""";

    @Inject
    KafkaClientService kafkaClients;

    @Test
    void replayingTheWholeTopicChangesNoRow() {
        try (ReferenceDataStore redis = ReferenceDataStore.of(DevstackResource.devstack());
             Topics topics = new Topics(DevstackResource.devstack().kafka())) {
            redis.put(Upstream.USER);
            redis.put(Upstream.RESTAURANT);
            Warehouse warehouse = Warehouse.of(DevstackResource.devstack().postgres());
            ConsumerTask<String, byte[]> published = topics.read(OrderEventProcessorTest.OUTPUT);
            topics.send(OrderEventProcessorTest.INPUT, null, json(version(7001, 2, "CLOSED")),
                    json(version(7001, 1, "OPEN")), json(version(7002, 1, "OPEN")), json(version(7003, 1, "CLOSED")));
            await().atMost(Duration.ofSeconds(60)).until(() -> keys(published).contains("7003"));
            List<Row> before = warehouse.rows(SNAPSHOT);
            int publishedBefore = published.getRecords().size();

            KafkaConsumer<Object, Object> consumer = kafkaClients.getConsumer("raw-orders");
            consumer.getAssignments().chain(consumer::seekToBeginning).await().atMost(Duration.ofSeconds(10));
            topics.send(OrderEventProcessorTest.INPUT, null, json(version(7004, 1, "OPEN")));
            await().atMost(Duration.ofSeconds(60)).until(() -> keys(published).contains("7004"));

            assertThat(warehouse.rows(SNAPSHOT)).hasSize(before.size() + 1).containsAll(before);
            assertThat(published.getRecords().size()).as("the replay published the stored versions again")
                    .isGreaterThan(publishedBefore + 1);
        }
    }

    private static List<String> keys(ConsumerTask<String, byte[]> task) {
        return task.getRecords().stream().map(record -> record.key()).toList();
    }
}
