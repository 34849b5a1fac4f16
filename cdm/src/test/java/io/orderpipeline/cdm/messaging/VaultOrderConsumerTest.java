package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.deadletter.DeadLetterCause;
import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.oracle.MartRow;
import io.orderpipeline.testsupport.orders.TestOrders.Vault;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.orderpipeline.testsupport.orders.TestOrders.Vault.DRINKS;
import static io.orderpipeline.testsupport.orders.TestOrders.Vault.MAINS;
import static io.orderpipeline.testsupport.orders.TestOrders.Vault.RICE;
import static io.orderpipeline.testsupport.orders.TestOrders.Vault.SOUP;
import static io.orderpipeline.testsupport.orders.TestOrders.Vault.TEA;
import static io.orderpipeline.testsupport.orders.TestOrders.utf8;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** The named edge cases of DESIGN.md's marts, each on a user of its own, against the real broker and database. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class VaultOrderConsumerTest {

    InputTopic input;
    Warehouse marts;
    final UUID user = UUID.randomUUID();

    @BeforeEach
    void connect() {
        input = new InputTopic(new Topics(DevstackResource.devstack().kafka()));
        marts = Warehouse.of(DevstackResource.devstack().postgres());
    }

    @AfterEach
    void disconnect() {
        input.close();
    }

    @Test
    void aClosedOrderCountsOncePerProductAndCategory() {
        Vault.Order order = Vault.Order.of(user);

        input.produceAndAwaitApplied(order.version(1, "CLOSED", RICE, SOUP, TEA));

        assertThat(marts.productCounters(user)).containsExactlyInAnyOrder(
                row(RICE.productKey(), RICE.productName(), 1),
                row(SOUP.productKey(), SOUP.productName(), 1),
                row(TEA.productKey(), TEA.productName(), 1));
        assertThat(marts.categoryCounters(user)).containsExactlyInAnyOrder(
                row(MAINS, "Горячее", 1),
                row(DRINKS, "Напитки", 1));
    }

    @Test
    void duplicateDeliveryCountsOnce() {
        VaultOrder closed = Vault.Order.of(user).version(1, "CLOSED", RICE);

        input.produceAndAwaitApplied(closed, closed, closed);

        assertThat(marts.productCounters(user)).containsExactly(row(RICE.productKey(), RICE.productName(), 1));
        assertThat(marts.categoryCounters(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void redeliveryOfAnAppliedVersionChangesNothing() {
        Vault.Order first = Vault.Order.of(user);
        Vault.Order second = Vault.Order.of(user);
        input.produceAndAwaitApplied(first.version(1, "CLOSED", RICE), second.version(1, "CLOSED", RICE));
        List<MartRow> products = marts.productCounters(user);
        List<MartRow> categories = marts.categoryCounters(user);
        assertThat(products).containsExactly(row(RICE.productKey(), RICE.productName(), 2));

        input.produceAndAwaitApplied(first.version(1, "CLOSED", RICE), second.version(1, "CLOSED", RICE));

        assertThat(marts.productCounters(user)).isEqualTo(products);
        assertThat(marts.categoryCounters(user)).isEqualTo(categories);
    }

    @Test
    void anOlderVersionAfterANewerOneChangesNothing() {
        Vault.Order order = Vault.Order.of(user);
        input.produceAndAwaitApplied(order.version(2, "CLOSED", RICE));

        input.produceAndAwaitApplied(order.version(1, "OPEN", SOUP));

        assertThat(marts.productCounters(user)).containsExactly(row(RICE.productKey(), RICE.productName(), 1));
        assertThat(marts.categoryCounters(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void anOlderVersionInTheSameBatchAsANewerOneChangesNothing() {
        Vault.Order order = Vault.Order.of(user);

        input.produceAndAwaitApplied(order.version(2, "CLOSED", RICE), order.version(1, "CANCELLED", RICE));

        assertThat(marts.productCounters(user)).containsExactly(row(RICE.productKey(), RICE.productName(), 1));
    }

    @Test
    void aClosedOrderThatIsCancelledStopsCountingAndItsRowsGo() {
        Vault.Order cancelled = Vault.Order.of(user);
        Vault.Order kept = Vault.Order.of(user);
        input.produceAndAwaitApplied(cancelled.version(1, "CLOSED", RICE, TEA), kept.version(1, "CLOSED", SOUP));
        assertThat(marts.productCounters(user)).hasSize(3);

        input.produceAndAwaitApplied(cancelled.version(2, "CANCELLED", RICE, TEA));

        assertThat(marts.productCounters(user)).containsExactly(row(SOUP.productKey(), SOUP.productName(), 1));
        assertThat(marts.categoryCounters(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void theSameProductOnTwoLinesCountsOnce() {
        input.produceAndAwaitApplied(Vault.Order.of(user).version(1, "CLOSED", RICE, SOUP, RICE));

        assertThat(marts.productCounters(user)).containsExactlyInAnyOrder(
                row(RICE.productKey(), RICE.productName(), 1),
                row(SOUP.productKey(), SOUP.productName(), 1));
        assertThat(marts.categoryCounters(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void aCancelledOrderClosedAgainCountsAgain() {
        Vault.Order order = Vault.Order.of(user);
        input.produceAndAwaitApplied(order.version(1, "CLOSED", RICE));
        input.produceAndAwaitApplied(order.version(2, "CANCELLED", RICE));
        assertThat(marts.productCounters(user)).isEmpty();

        input.produceAndAwaitApplied(order.version(3, "CLOSED", RICE));

        assertThat(marts.productCounters(user)).containsExactly(row(RICE.productKey(), RICE.productName(), 1));
        assertThat(marts.categoryCounters(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void aNewerClosedVersionMovesTheCountAndRefreshesTheName() {
        Vault.Order order = Vault.Order.of(user);
        VaultOrder.Product renamedRice = new VaultOrder.Product(RICE.productKey(), "Рис с лаймом", MAINS, "Горячее");
        input.produceAndAwaitApplied(order.version(1, "CLOSED", RICE, TEA));

        input.produceAndAwaitApplied(order.version(2, "CLOSED", renamedRice));

        assertThat(marts.productCounters(user)).containsExactly(row(RICE.productKey(), "Рис с лаймом", 1));
        assertThat(marts.categoryCounters(user)).containsExactly(row(MAINS, "Горячее", 1));
    }

    @Test
    void deadLettersPoisonWithTheFieldNamedAndAppliesTheRestOfTheBatch() {
        String malformed = "{\"order_id\": 1, \"order_key\": ";
        String noStatus = new String(MessageCodec.encode(Vault.Order.of(user).version(1, "CLOSED", TEA)),
                StandardCharsets.UTF_8).replace("\"status\":\"CLOSED\",", "");
        String badUserKey = new String(MessageCodec.encode(Vault.Order.of(user).version(1, "CLOSED", TEA)),
                StandardCharsets.UTF_8).replace(user.toString(), "not-a-uuid");
        Map<String, String> poison = Map.of(
                malformed, "malformed JSON",
                noStatus, "field 'status': is missing",
                badUserKey, "field 'user_key': must be a UUID");
        assertThat(noStatus).doesNotContain("\"status\"");
        String key = user.toString();
        input.topics().send(List.of(
                record(key, MessageCodec.encode(Vault.Order.of(user).version(1, "CLOSED", RICE))),
                record(key, utf8(malformed)),
                record(key, utf8(noStatus)),
                record(key, utf8(badUserKey)),
                record(key, MessageCodec.encode(Vault.Order.of(user).version(1, "CLOSED", SOUP)))));
        input.topics().awaitCaughtUp(InputTopic.TOPIC, InputTopic.GROUP);

        List<ConsumerRecord<String, byte[]>> ours = input.topics().await(InputTopic.DEAD_LETTERS,
                record -> key.equals(record.key()), poison.size());
        Map<String, String> reasons = ours.stream().collect(Collectors.toMap(Topics::text,
                record -> Topics.header(record, DeadLetterHeaders.REASON)));
        assertThat(reasons).hasSize(poison.size());
        poison.forEach((message, reason) -> assertThat(reasons.get(message)).contains(reason));
        assertThat(ours).allSatisfy(record -> {
            assertThat(Topics.header(record, DeadLetterHeaders.CAUSE)).isEqualTo(DeadLetterCause.INVALID_MESSAGE.name());
            assertThat(Topics.header(record, DeadLetterHeaders.TOPIC)).isEqualTo(InputTopic.TOPIC);
        });
        assertThat(marts.productCounters(user)).containsExactlyInAnyOrder(
                row(RICE.productKey(), RICE.productName(), 1),
                row(SOUP.productKey(), SOUP.productName(), 1));
        assertThat(marts.categoryCounters(user)).containsExactly(row(MAINS, "Горячее", 2));
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

}
