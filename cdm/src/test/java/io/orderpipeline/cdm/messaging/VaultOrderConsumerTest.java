package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.delivery.DeadLetter;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vertx.mutiny.sqlclient.Pool;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.orderpipeline.cdm.messaging.TestOrders.DRINKS;
import static io.orderpipeline.cdm.messaging.TestOrders.MAINS;
import static io.orderpipeline.cdm.messaging.TestOrders.RICE;
import static io.orderpipeline.cdm.messaging.TestOrders.SOUP;
import static io.orderpipeline.cdm.messaging.TestOrders.TEA;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** The named edge cases of DESIGN.md's marts, each on a user of its own, against the real broker and database. */
@QuarkusTest
@WithTestResource(SharedDevstack.class)
class VaultOrderConsumerTest {

    @Inject
    Pool database;

    InputTopic input;
    Marts marts;
    final UUID user = UUID.randomUUID();

    @BeforeEach
    void connect() {
        input = new InputTopic();
        marts = new Marts(database);
    }

    @AfterEach
    void disconnect() {
        input.close();
    }

    @Test
    void aClosedOrderCountsOncePerProductAndCategory() {
        TestOrders.Order order = TestOrders.Order.of(user);

        input.produceAndAwaitApplied(order.version(1, "CLOSED", RICE, SOUP, TEA));

        assertThat(marts.products(user)).containsExactlyInAnyOrder(
                row(RICE.productKey(), RICE.productName(), 1),
                row(SOUP.productKey(), SOUP.productName(), 1),
                row(TEA.productKey(), TEA.productName(), 1));
        assertThat(marts.categories(user)).containsExactlyInAnyOrder(
                row(MAINS, "Горячее", 1),
                row(DRINKS, "Напитки", 1));
    }

    @Test
    void duplicateDeliveryCountsOnce() {
        VaultOrder closed = TestOrders.Order.of(user).version(1, "CLOSED", RICE);

        input.produceAndAwaitApplied(closed, closed, closed);

        assertThat(marts.products(user)).containsExactly(row(RICE.productKey(), RICE.productName(), 1));
        assertThat(marts.categories(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void redeliveryOfAnAppliedVersionChangesNothing() {
        TestOrders.Order first = TestOrders.Order.of(user);
        TestOrders.Order second = TestOrders.Order.of(user);
        input.produceAndAwaitApplied(first.version(1, "CLOSED", RICE), second.version(1, "CLOSED", RICE));
        List<MartRow> products = marts.products(user);
        List<MartRow> categories = marts.categories(user);
        assertThat(products).containsExactly(row(RICE.productKey(), RICE.productName(), 2));

        input.produceAndAwaitApplied(first.version(1, "CLOSED", RICE), second.version(1, "CLOSED", RICE));

        assertThat(marts.products(user)).isEqualTo(products);
        assertThat(marts.categories(user)).isEqualTo(categories);
    }

    @Test
    void anOlderVersionAfterANewerOneChangesNothing() {
        TestOrders.Order order = TestOrders.Order.of(user);
        input.produceAndAwaitApplied(order.version(2, "CLOSED", RICE));

        input.produceAndAwaitApplied(order.version(1, "OPEN", SOUP));

        assertThat(marts.products(user)).containsExactly(row(RICE.productKey(), RICE.productName(), 1));
        assertThat(marts.categories(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void anOlderVersionInTheSameBatchAsANewerOneChangesNothing() {
        TestOrders.Order order = TestOrders.Order.of(user);

        input.produceAndAwaitApplied(order.version(2, "CLOSED", RICE), order.version(1, "CANCELLED", RICE));

        assertThat(marts.products(user)).containsExactly(row(RICE.productKey(), RICE.productName(), 1));
    }

    @Test
    void aClosedOrderThatIsCancelledStopsCountingAndItsRowsGo() {
        TestOrders.Order cancelled = TestOrders.Order.of(user);
        TestOrders.Order kept = TestOrders.Order.of(user);
        input.produceAndAwaitApplied(cancelled.version(1, "CLOSED", RICE, TEA), kept.version(1, "CLOSED", SOUP));
        assertThat(marts.products(user)).hasSize(3);

        input.produceAndAwaitApplied(cancelled.version(2, "CANCELLED", RICE, TEA));

        assertThat(marts.products(user)).containsExactly(row(SOUP.productKey(), SOUP.productName(), 1));
        assertThat(marts.categories(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void theSameProductOnTwoLinesCountsOnce() {
        input.produceAndAwaitApplied(TestOrders.Order.of(user).version(1, "CLOSED", RICE, SOUP, RICE));

        assertThat(marts.products(user)).containsExactlyInAnyOrder(
                row(RICE.productKey(), RICE.productName(), 1),
                row(SOUP.productKey(), SOUP.productName(), 1));
        assertThat(marts.categories(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void aCancelledOrderClosedAgainCountsAgain() {
        TestOrders.Order order = TestOrders.Order.of(user);
        input.produceAndAwaitApplied(order.version(1, "CLOSED", RICE));
        input.produceAndAwaitApplied(order.version(2, "CANCELLED", RICE));
        assertThat(marts.products(user)).isEmpty();

        input.produceAndAwaitApplied(order.version(3, "CLOSED", RICE));

        assertThat(marts.products(user)).containsExactly(row(RICE.productKey(), RICE.productName(), 1));
        assertThat(marts.categories(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void aNewerClosedVersionMovesTheCountAndRefreshesTheName() {
        TestOrders.Order order = TestOrders.Order.of(user);
        VaultOrder.Product renamedRice = new VaultOrder.Product(RICE.productKey(), "Рис с лаймом", MAINS, "Горячее");
        input.produceAndAwaitApplied(order.version(1, "CLOSED", RICE, TEA));

        input.produceAndAwaitApplied(order.version(2, "CLOSED", renamedRice));

        assertThat(marts.products(user)).containsExactly(row(RICE.productKey(), "Рис с лаймом", 1));
        assertThat(marts.categories(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void deadLettersPoisonWithTheFieldNamedAndAppliesTheRestOfTheBatch() {
        String malformed = "{\"order_id\": 1, \"order_key\": ";
        String noStatus = new String(MessageCodec.encode(TestOrders.Order.of(user).version(1, "CLOSED", TEA)),
                StandardCharsets.UTF_8).replace("\"status\":\"CLOSED\",", "");
        String badUserKey = new String(MessageCodec.encode(TestOrders.Order.of(user).version(1, "CLOSED", TEA)),
                StandardCharsets.UTF_8).replace(user.toString(), "not-a-uuid");
        Map<String, String> poison = Map.of(
                malformed, "malformed JSON",
                noStatus, "field 'status': is missing",
                badUserKey, "field 'user_key': must be a UUID");
        assertThat(noStatus).doesNotContain("\"status\"");
        String key = user.toString();
        try (ConsumerTask<String, byte[]> deadLetters = input.kafka.consume(String.class, byte[].class)
                .withGroupId("test-" + UUID.randomUUID()).withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(InputTopic.DEAD_LETTERS)) {
            input.produceRecords(List.of(
                    record(key, MessageCodec.encode(TestOrders.Order.of(user).version(1, "CLOSED", RICE))),
                    record(key, utf8(malformed)),
                    record(key, utf8(noStatus)),
                    record(key, utf8(badUserKey)),
                    record(key, MessageCodec.encode(TestOrders.Order.of(user).version(1, "CLOSED", SOUP)))));
            input.awaitCaughtUp(InputTopic.GROUP, Duration.ofSeconds(60));

            List<ConsumerRecord<String, byte[]>> ours = await().atMost(Duration.ofSeconds(30)).until(
                    () -> deadLetters.getRecords().stream().filter(record -> key.equals(record.key())).toList(),
                    found -> found.size() >= poison.size());
            Map<String, String> reasons = ours.stream().collect(Collectors.toMap(
                    record -> new String(record.value(), StandardCharsets.UTF_8),
                    record -> header(record, DeadLetter.REASON_HEADER)));
            assertThat(reasons).hasSize(poison.size());
            poison.forEach((message, reason) -> assertThat(reasons.get(message)).contains(reason));
            assertThat(ours).allSatisfy(record -> {
                assertThat(header(record, DeadLetter.CAUSE_HEADER)).isEqualTo(DeadLetter.Cause.INVALID_MESSAGE.name());
                assertThat(header(record, DeadLetter.TOPIC_HEADER)).isEqualTo(InputTopic.TOPIC);
            });
        }
        assertThat(marts.products(user)).containsExactlyInAnyOrder(
                row(RICE.productKey(), RICE.productName(), 1),
                row(SOUP.productKey(), SOUP.productName(), 1));
        assertThat(marts.categories(user)).containsExactly(row(MAINS, "Горячее", 2));
    }

    @Test
    void isReadyWithKafkaAndPostgresChecked() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("order pipeline", "SmallRye Reactive Messaging - readiness check",
                        "Reactive PostgreSQL connections health check"));
    }

    private MartRow row(UUID item, String name, int orderCnt) {
        return new MartRow(user, item, name, orderCnt);
    }

    private static ProducerRecord<String, byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(InputTopic.TOPIC, key, value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
