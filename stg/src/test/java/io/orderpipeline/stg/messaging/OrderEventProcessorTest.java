package io.orderpipeline.stg.messaging;

import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.Timestamps;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Upstream;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Row;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.json;
import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.version;
import static io.orderpipeline.testsupport.orders.TestOrders.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * stg against the real stack, seen only from outside: what goes into Kafka and Redis, and what comes out in Kafka
 * and PostgreSQL. {@link OrderEventProcessorIT} runs the same on the packaged service, jar or native.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class OrderEventProcessorTest {

    static final String INPUT = "order-service_orders";
    static final String OUTPUT = "stg-service-orders";
    static final String DEAD_LETTERS = "stg-service-dlq";

    Topics topics;
    Warehouse warehouse;

    @BeforeEach
    void referenceDataAndTopics() {
        try (ReferenceDataStore redis = ReferenceDataStore.of(DevstackResource.devstack())) {
            redis.put(Upstream.USER);
            redis.put(Upstream.RESTAURANT);
        }
        topics = new Topics(DevstackResource.devstack().kafka());
        List.of(INPUT, OUTPUT, DEAD_LETTERS).forEach(topic -> topics.create(topic, 1));
        warehouse = Warehouse.of(DevstackResource.devstack().postgres());
    }

    @AfterEach
    void closeTopics() {
        topics.close();
    }

    @Test
    void enrichesTheUpstreamSampleWithCyrillicNamesIntact() {
        topics.send(INPUT, null, Upstream.sample(1371198));

        ConsumerRecord<String, byte[]> published = topics.awaitOne(OUTPUT, record -> "1371198".equals(record.key()));
        EnrichedOrder order = MessageCodec.decodeEnrichedOrder(published.value());
        assertThat(order.payload().user()).isEqualTo(
                new EnrichedOrder.User("626a81ce9a8cd1920641e29c", "Котова Ольга Вениаминовна", "kotova_1"));
        assertThat(order.payload().restaurant()).isEqualTo(new EnrichedOrder.Restaurant("ef8c42c19b7518a9aebec106", "Кофейня №1"));
        assertThat(order.payload().products()).singleElement().satisfies(product -> {
            assertThat(product.name()).isEqualTo("Рис с лимоном");
            assertThat(product.category()).isEqualTo("Закуски");
            assertThat(product.quantity()).isEqualByComparingTo("5");
        });
        assertThat(order.payload().status()).isEqualTo("CLOSED");
        assertThat(order.payload().cost()).isEqualByComparingTo("875");

        Row stored = storedEvent(1371198);
        assertThat(stored.get("object_type")).isEqualTo("order");
        assertThat(Timestamps.format((LocalDateTime) stored.get("sent_dttm"))).isEqualTo("2023-04-08 20:27:36");
        assertThat((String) stored.get("payload")).contains("Рис с лимоном").contains("\"final_status\": \"CLOSED\"");
    }

    @Test
    void keepsTheNewestVersionAndNeverRepublishesAnOlderOne() {
        long orderId = 2001;
        topics.send(INPUT, null, json(version(orderId, 2, "OPEN")));
        topics.awaitOne(OUTPUT, versionOf(orderId, 2));

        // An older version arrives late; a sentinel after it proves it was processed.
        topics.send(INPUT, null, json(version(orderId, 1, "OPEN")), json(version(2002, 1, "OPEN")));
        topics.awaitOne(OUTPUT, versionOf(2002, 1));
        assertThat(topics.readAll(OUTPUT).stream().filter(versionOf(orderId, 1))).isEmpty();
        assertThat(storedEvent(orderId).get("update_ts")).isEqualTo(Upstream.T.plusMinutes(2));

        // A duplicate of the stored version is published again (its first publication may have been lost);
        // a newer one replaces it.
        topics.send(INPUT, null, json(version(orderId, 2, "OPEN")), json(version(orderId, 3, "CLOSED")));
        topics.awaitOne(OUTPUT, versionOf(orderId, 3));
        assertThat(storedEvent(orderId).get("update_ts")).isEqualTo(Upstream.T.plusMinutes(3));
        assertThat(topics.readAll(OUTPUT).stream().filter(record -> String.valueOf(orderId).equals(record.key()))
                .map(record -> MessageCodec.decodeEnrichedOrder(record.value()).payload().status()))
                .last().isEqualTo("CLOSED");
    }

    @Test
    void severalVersionsInOneBatchCollapseToTheNewest() {
        long orderId = 3001;
        topics.send(INPUT, null, json(version(orderId, 3, "CLOSED")), json(version(orderId, 1, "OPEN")),
                json(version(orderId, 2, "OPEN")), json(version(3002, 1, "OPEN")));
        topics.awaitOne(OUTPUT, versionOf(3002, 1));

        assertThat((String) storedEvent(orderId).get("payload")).contains("CLOSED");
        assertThat(topics.readAll(OUTPUT).stream().filter(versionOf(orderId, 1).or(versionOf(orderId, 2)))).isEmpty();
    }

    @Test
    void deadLettersEveryPoisonMessageWithItsReasonAndPublishesEveryGoodOne() {
        Map<String, String> poison = Map.of(
                "{\"object_id\": 4100, \"object_type\": \"order\", \"poison\": \"malformed\"", "malformed JSON",
                "{\"object_id\": 4101, \"object_type\": \"order\", \"sent_dttm\": \"2023-04-08 20:27:36\", \"poison\": \"no payload\"}",
                "field 'payload': is missing",
                new String(Upstream.sample(4102), StandardCharsets.UTF_8)
                        .replace("\"object_id\": 4102", "\"object_id\": \"4102-poison\""),
                "field 'object_id': must be an integer",
                new String(Upstream.sample(4103), StandardCharsets.UTF_8)
                        .replace("\"order_items\": [", "\"order_items\": null, \"poison\": ["),
                "field 'payload.order_items': is null",
                text(Upstream.order(4104, Upstream.T, "CLOSED", "user-poison", Upstream.RESTAURANT_ID, Upstream.ITEM_ID)),
                "user user-poison is not in Redis",
                text(Upstream.order(4105, Upstream.T, "CLOSED", Upstream.USER_ID, "restaurant-poison", Upstream.ITEM_ID)),
                "restaurant restaurant-poison is not in Redis",
                text(Upstream.order(4106, Upstream.T, "CLOSED", Upstream.USER_ID, Upstream.RESTAURANT_ID, "item-poison")),
                "menu item item-poison is not on the menu of restaurant " + Upstream.RESTAURANT_ID);
        List<byte[]> batch = new ArrayList<>();
        batch.add(json(version(4001, 1, "CLOSED")));
        poison.keySet().forEach(text -> batch.add(utf8(text)));
        batch.add(json(version(4002, 1, "CLOSED")));
        topics.send(INPUT, null, batch.toArray(byte[][]::new));

        topics.awaitOne(OUTPUT, versionOf(4001, 1));
        topics.awaitOne(OUTPUT, versionOf(4002, 1));
        List<ConsumerRecord<String, byte[]>> deadLetters = topics.await(DEAD_LETTERS,
                record -> poison.containsKey(Topics.text(record)), poison.size());
        Map<String, String> reasons = deadLetters.stream().collect(Collectors.toMap(Topics::text,
                record -> Topics.header(record, DeadLetterHeaders.REASON), (first, second) -> first));
        poison.forEach((message, reason) -> assertThat(reasons.get(message)).contains(reason));
        assertThat(deadLetters).allSatisfy(record -> {
            assertThat(Topics.header(record, DeadLetterHeaders.TOPIC)).isEqualTo(INPUT);
            assertThat(Topics.header(record, DeadLetterHeaders.PARTITION)).isEqualTo("0");
            assertThat(Long.parseLong(Topics.header(record, DeadLetterHeaders.OFFSET))).isNotNegative();
        });
        assertThat(topics.readAll(OUTPUT).stream().filter(record -> record.key().startsWith("410"))).isEmpty();
    }

    @Test
    void skipsAnEventThatIsNotAnOrder() {
        byte[] user = utf8("{\"object_id\": 5001, \"object_type\": \"user\", \"payload\": {\"id\": \"x\"}}");
        topics.send(INPUT, null, user, json(version(5002, 1, "OPEN")));

        topics.awaitOne(OUTPUT, versionOf(5002, 1));
        assertThat(topics.readAll(OUTPUT).stream().filter(record -> "5001".equals(record.key()))).isEmpty();
        assertThat(topics.readAll(DEAD_LETTERS).stream().filter(record -> Topics.text(record)
                .contains("\"object_id\": 5001"))).isEmpty();
        assertThat(warehouse.number("SELECT count(*) FROM stg.order_events WHERE object_id = 5001")).isZero();
    }

    private Row storedEvent(long objectId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> warehouse.rows(
                "SELECT object_type, sent_dttm, update_ts, payload::text AS payload FROM stg.order_events"
                        + " WHERE object_id = ?", objectId), rows -> rows.size() == 1).get(0);
    }

    private static String text(OrderEvent event) {
        return new String(json(event), StandardCharsets.UTF_8);
    }

    static Predicate<ConsumerRecord<String, byte[]>> versionOf(long orderId, int minute) {
        String updateTs = Timestamps.format(Upstream.T.plusMinutes(minute));
        return record -> String.valueOf(orderId).equals(record.key())
                && updateTs.equals(Timestamps.format(MessageCodec.decodeEnrichedOrder(record.value()).payload().updateTs()));
    }
}
