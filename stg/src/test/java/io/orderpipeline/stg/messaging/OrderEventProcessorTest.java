package io.orderpipeline.stg.messaging;

import io.orderpipeline.devstack.DevstackTestResource;
import io.orderpipeline.shared.delivery.DeadLetter;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.Timestamps;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.orderpipeline.stg.messaging.TestOrders.json;
import static io.orderpipeline.stg.messaging.TestOrders.utf8;
import static io.orderpipeline.stg.messaging.TestOrders.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class OrderEventProcessorTest {

    static final String INPUT = "order-service_orders";
    static final String OUTPUT = "stg-service-orders";
    static final String DEAD_LETTERS = "stg-service-dlq";

    @Inject
    RedisDataSource redis;
    @Inject
    Pool database;

    KafkaCompanion kafka;
    final List<ConsumerTask<String, byte[]>> readers = new ArrayList<>();

    @BeforeEach
    void referenceDataAndKafka() {
        redis.value(byte[].class).set(TestOrders.USER_ID, MessageCodec.encode(TestOrders.USER));
        redis.value(byte[].class).set(TestOrders.RESTAURANT_ID, MessageCodec.encode(TestOrders.RESTAURANT));
        kafka = new KafkaCompanion(DevstackTestResource.devstack().kafka().bootstrapServers());
        for (String topic : List.of(INPUT, OUTPUT, DEAD_LETTERS)) {
            DevstackTestResource.devstack().kafka().createTopic(topic, 1);
        }
    }

    @AfterEach
    void closeKafka() {
        readers.forEach(ConsumerTask::close);
        kafka.close();
    }

    @Test
    void enrichesTheUpstreamSampleWithCyrillicNamesIntact() {
        produce(TestOrders.upstreamSample(1371198));

        ConsumerRecord<String, byte[]> published = awaitOne(OUTPUT, record -> "1371198".equals(record.key()));
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
        assertThat(stored.getString("object_type")).isEqualTo("order");
        assertThat(Timestamps.format(stored.getLocalDateTime("sent_dttm"))).isEqualTo("2023-04-08 20:27:36");
        assertThat(stored.getString("payload")).contains("Рис с лимоном").contains("\"final_status\": \"CLOSED\"");
    }

    @Test
    void keepsTheNewestVersionAndNeverRepublishesAnOlderOne() {
        long orderId = 2001;
        produce(json(version(orderId, 2, "OPEN")));
        awaitOne(OUTPUT, versionOf(orderId, 2));

        // An older version arrives late; a sentinel after it proves it was processed.
        produce(json(version(orderId, 1, "OPEN")), json(version(2002, 1, "OPEN")));
        awaitOne(OUTPUT, versionOf(2002, 1));
        assertThat(readAll(OUTPUT).stream().filter(versionOf(orderId, 1))).isEmpty();
        assertThat(storedEvent(orderId).getLocalDateTime("update_ts")).isEqualTo(TestOrders.T.plusMinutes(2));

        // A duplicate of the stored version is published again (its first publication may have been lost);
        // a newer one replaces it.
        produce(json(version(orderId, 2, "OPEN")), json(version(orderId, 3, "CLOSED")));
        awaitOne(OUTPUT, versionOf(orderId, 3));
        assertThat(storedEvent(orderId).getLocalDateTime("update_ts")).isEqualTo(TestOrders.T.plusMinutes(3));
        assertThat(readAll(OUTPUT).stream().filter(record -> String.valueOf(orderId).equals(record.key()))
                .map(record -> MessageCodec.decodeEnrichedOrder(record.value()).payload().status()))
                .last().isEqualTo("CLOSED");
    }

    @Test
    void severalVersionsInOneBatchCollapseToTheNewest() {
        long orderId = 3001;
        produce(json(version(orderId, 3, "CLOSED")), json(version(orderId, 1, "OPEN")), json(version(orderId, 2, "OPEN")),
                json(version(3002, 1, "OPEN")));
        awaitOne(OUTPUT, versionOf(3002, 1));

        assertThat(storedEvent(orderId).getString("payload")).contains("CLOSED");
        assertThat(readAll(OUTPUT).stream().filter(versionOf(orderId, 1).or(versionOf(orderId, 2)))).isEmpty();
    }

    @Test
    void deadLettersEveryPoisonMessageWithItsReasonAndPublishesEveryGoodOne() {
        Map<String, String> poison = Map.of(
                "{\"object_id\": 4100, \"object_type\": \"order\", \"poison\": \"malformed\"", "malformed JSON",
                "{\"object_id\": 4101, \"object_type\": \"order\", \"sent_dttm\": \"2023-04-08 20:27:36\", \"poison\": \"no payload\"}",
                "field 'payload': is missing",
                new String(TestOrders.upstreamSample(4102), StandardCharsets.UTF_8)
                        .replace("\"object_id\": 4102", "\"object_id\": \"4102-poison\""),
                "field 'object_id': must be an integer",
                new String(TestOrders.upstreamSample(4103), StandardCharsets.UTF_8)
                        .replace("\"order_items\": [", "\"order_items\": null, \"poison\": ["),
                "field 'payload.order_items': is null",
                new String(json(TestOrders.order(4104, TestOrders.T, "CLOSED", "user-poison", TestOrders.RESTAURANT_ID,
                        TestOrders.ITEM_ID)), StandardCharsets.UTF_8), "user user-poison is not in Redis",
                new String(json(TestOrders.order(4105, TestOrders.T, "CLOSED", TestOrders.USER_ID, "restaurant-poison",
                        TestOrders.ITEM_ID)), StandardCharsets.UTF_8), "restaurant restaurant-poison is not in Redis",
                new String(json(TestOrders.order(4106, TestOrders.T, "CLOSED", TestOrders.USER_ID,
                        TestOrders.RESTAURANT_ID, "item-poison")), StandardCharsets.UTF_8),
                "menu item item-poison is not on the menu of restaurant " + TestOrders.RESTAURANT_ID);
        List<byte[]> batch = new ArrayList<>();
        batch.add(json(version(4001, 1, "CLOSED")));
        poison.keySet().forEach(text -> batch.add(utf8(text)));
        batch.add(json(version(4002, 1, "CLOSED")));
        produce(batch.toArray(byte[][]::new));

        awaitOne(OUTPUT, versionOf(4001, 1));
        awaitOne(OUTPUT, versionOf(4002, 1));
        List<ConsumerRecord<String, byte[]>> deadLetters = awaitCount(DEAD_LETTERS,
                record -> poison.containsKey(new String(record.value(), StandardCharsets.UTF_8)), poison.size());
        Map<String, String> reasons = deadLetters.stream().collect(Collectors.toMap(
                record -> new String(record.value(), StandardCharsets.UTF_8),
                record -> header(record, DeadLetter.REASON_HEADER)));
        poison.forEach((message, reason) -> assertThat(reasons.get(message)).contains(reason));
        assertThat(deadLetters).allSatisfy(record -> {
            assertThat(header(record, DeadLetter.TOPIC_HEADER)).isEqualTo(INPUT);
            assertThat(header(record, DeadLetter.PARTITION_HEADER)).isEqualTo("0");
            assertThat(Long.parseLong(header(record, DeadLetter.OFFSET_HEADER))).isNotNegative();
        });
        assertThat(readAll(OUTPUT).stream().filter(record -> record.key().startsWith("410"))).isEmpty();
    }

    @Test
    void skipsAnEventThatIsNotAnOrder() {
        byte[] user = utf8("{\"object_id\": 5001, \"object_type\": \"user\", \"payload\": {\"id\": \"x\"}}");
        produce(user, json(version(5002, 1, "OPEN")));

        awaitOne(OUTPUT, versionOf(5002, 1));
        assertThat(readAll(OUTPUT).stream().filter(record -> "5001".equals(record.key()))).isEmpty();
        assertThat(readAll(DEAD_LETTERS).stream().filter(record -> new String(record.value(), StandardCharsets.UTF_8)
                .contains("\"object_id\": 5001"))).isEmpty();
        assertThat(database.preparedQuery("SELECT count(*) FROM stg.order_events WHERE object_id = 5001")
                .execute().await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0)).isZero();
    }

    // ---- helpers ----

    void produce(byte[]... values) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (byte[] value : values) {
            records.add(new ProducerRecord<>(INPUT, null, value));
        }
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(Duration.ofSeconds(30));
    }

    Row storedEvent(long objectId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> database
                .preparedQuery("SELECT object_type, sent_dttm, update_ts, payload::text AS payload"
                        + " FROM stg.order_events WHERE object_id = $1")
                .execute(Tuple.of(objectId)).await().atMost(Duration.ofSeconds(5)), rows -> rows.size() == 1)
                .iterator().next();
    }

    static Predicate<ConsumerRecord<String, byte[]>> versionOf(long orderId, int minute) {
        String updateTs = Timestamps.format(TestOrders.T.plusMinutes(minute));
        return record -> String.valueOf(orderId).equals(record.key())
                && updateTs.equals(Timestamps.format(MessageCodec.decodeEnrichedOrder(record.value()).payload().updateTs()));
    }

    ConsumerRecord<String, byte[]> awaitOne(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        return awaitCount(topic, wanted, 1).get(0);
    }

    List<ConsumerRecord<String, byte[]>> awaitCount(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted,
            int count) {
        ConsumerTask<String, byte[]> reader = reader(topic);
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> reader.getRecords().stream().filter(wanted).toList(), found -> found.size() >= count);
    }

    /** Everything on the topic so far: read to its end offsets. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        ConsumerTask<String, byte[]> reader = reader(topic);
        long end = kafka.offsets().get(new org.apache.kafka.common.TopicPartition(topic, 0),
                org.apache.kafka.clients.admin.OffsetSpec.latest()).offset();
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.getRecords().size() >= end);
        return reader.getRecords();
    }

    ConsumerTask<String, byte[]> reader(String topic) {
        ConsumerTask<String, byte[]> reader = kafka.consume(String.class, byte[].class)
                .withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(topic);
        readers.add(reader);
        return reader;
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
