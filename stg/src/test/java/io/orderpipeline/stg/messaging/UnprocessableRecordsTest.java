package io.orderpipeline.stg.messaging;

import io.orderpipeline.shared.deadletter.DeadLetterCause;
import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.ReferenceData;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Upstream;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.json;
import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.version;
import static io.orderpipeline.testsupport.orders.TestOrders.utf8;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records that no retry can fix, each followed on its partition by a good order: the bad one is dead-lettered with
 * its cause, nothing is stored for it, the good one goes through, and readiness stays UP. (The input topic has one
 * partition, so the good order can only be published if the partition moved past the bad one.)
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class UnprocessableRecordsTest {

    Topics topics;
    Warehouse warehouse;

    @BeforeEach
    void setUp() {
        try (ReferenceDataStore redis = ReferenceDataStore.of(DevstackResource.devstack())) {
            redis.put(Upstream.USER);
            redis.put(Upstream.RESTAURANT);
        }
        topics = new Topics(DevstackResource.devstack().kafka());
        topics.create(OrderEventProcessorTest.INPUT, 1);
        warehouse = Warehouse.of(DevstackResource.devstack().postgres());
    }

    @AfterEach
    void tearDown() {
        topics.close();
    }

    @Test
    void anOrderWhoseEnrichedFormWouldBeTooLargeToPublishIsDeadLetteredBeforeAnythingIsStored() {
        // A small order whose menu categories are long: enriched, it would pass the broker's 1 MiB.
        String category = "Категория ".repeat(900);
        List<ReferenceData.MenuItem> menu = new ArrayList<>();
        List<OrderEvent.Item> items = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            menu.add(new ReferenceData.MenuItem("dish-" + i, "Блюдо " + i, BigDecimal.TEN, category + i));
            items.add(new OrderEvent.Item("dish-" + i, "Блюдо " + i, BigDecimal.TEN, BigDecimal.ONE));
        }
        ReferenceData.Restaurant restaurant = new ReferenceData.Restaurant("restaurant-of-long-categories", "Большая",
                menu, Upstream.T);
        try (ReferenceDataStore redis = ReferenceDataStore.of(DevstackResource.devstack())) {
            redis.put(restaurant);
        }
        OrderEvent big = withItems(Upstream.order(9001, Upstream.T, "CLOSED", Upstream.USER_ID, restaurant.id(),
                "dish-0"), items);
        assertThat(json(big).length).as("the input is small").isLessThan(10_000);

        topics.send(OrderEventProcessorTest.INPUT, null, json(big), json(version(9002, 1, "CLOSED")));

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(json(big));
        assertThat(Topics.header(deadLetter, DeadLetterHeaders.CAUSE)).isEqualTo(DeadLetterCause.OUTPUT_TOO_LARGE.name());
        assertThat(Topics.header(deadLetter, DeadLetterHeaders.REASON)).startsWith("the enriched order 9001 would be ")
                .contains("more than the 1000000 the broker takes");
        assertGoodOrderPublishedAndServiceReady(9002);
        assertThat(warehouse.number("SELECT count(*) FROM stg.order_events WHERE object_id = 9001")).isZero();
    }

    @Test
    void aRecordNearTheBrokersLimitIsDeadLetteredCutToFitWithItsSizeAndDigest() throws Exception {
        String sample = new String(Upstream.sample(9101), StandardCharsets.UTF_8);
        String badTimestamp = "9".repeat(9_000);
        String invalid = sample.replace("\"sent_dttm\": \"2023-04-08 20:27:36\"", "\"sent_dttm\": \"" + badTimestamp
                + "\", \"padding\": \"" + "x".repeat(1_048_374 - sample.length() - badTimestamp.length() - 20) + "\"");
        byte[] value = utf8(invalid);
        assertThat(value.length).isBetween(1_048_000, 1_048_400);

        topics.send(OrderEventProcessorTest.INPUT, null, value, json(version(9102, 1, "CLOSED")));

        ConsumerRecord<String, byte[]> deadLetter = topics.awaitOne(OrderEventProcessorTest.DEAD_LETTERS,
                record -> Integer.toString(value.length).equals(Topics.header(record, DeadLetterHeaders.ORIGINAL_SIZE)));
        assertThat(Topics.header(deadLetter, DeadLetterHeaders.CAUSE)).isEqualTo(DeadLetterCause.INVALID_MESSAGE.name());
        assertThat(Topics.header(deadLetter, DeadLetterHeaders.REASON)).startsWith("field 'sent_dttm': ")
                .hasSizeLessThanOrEqualTo(1_001);
        assertThat(Topics.header(deadLetter, DeadLetterHeaders.ORIGINAL_SHA256))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
        assertThat(deadLetter.value()).isEqualTo(Arrays.copyOf(value, deadLetter.value().length));
        assertGoodOrderPublishedAndServiceReady(9102);
    }

    @Test
    void aValueThePostgresqlRejectsIsFoundInItsBatchAndDeadLetteredAlone() {
        // An unread field holding \u0000: the codec lets it through, PostgreSQL's jsonb refuses it (SQLSTATE 22P05).
        String sample = new String(Upstream.sample(9201), StandardCharsets.UTF_8);
        byte[] rejected = utf8(sample.replace("\"bonus_payment\": 0,", "\"bonus_payment\": 0, \"note\": \"a\\u0000b\","));
        assertThat(new String(rejected, StandardCharsets.UTF_8)).contains("\\u0000");

        topics.send(OrderEventProcessorTest.INPUT, null, json(version(9200, 1, "CLOSED")), rejected,
                json(version(9202, 1, "CLOSED")));

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(rejected);
        assertThat(Topics.header(deadLetter, DeadLetterHeaders.CAUSE))
                .isEqualTo(DeadLetterCause.REJECTED_BY_DATABASE.name());
        assertThat(Topics.header(deadLetter, DeadLetterHeaders.REASON)).contains("22P05");
        assertGoodOrderPublishedAndServiceReady(9200);
        assertGoodOrderPublishedAndServiceReady(9202);
        assertThat(warehouse.number("SELECT count(*) FROM stg.order_events WHERE object_id = 9201")).isZero();
    }

    @Test
    void anOrderOfMoreLinesThanAnOrderMayHaveIsInvalid() {
        List<OrderEvent.Item> items = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            items.add(new OrderEvent.Item(Upstream.ITEM_ID, "Рис с лимоном", BigDecimal.TEN, BigDecimal.ONE));
        }
        OrderEvent huge = withItems(version(9301, 1, "CLOSED"), items);

        topics.send(OrderEventProcessorTest.INPUT, null, json(huge), json(version(9302, 1, "CLOSED")));

        ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(json(huge));
        assertThat(Topics.header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo(
                "field 'payload.order_items': has 1001 items, more than the 1000 an order may have (stg.max-items-per-order)");
        assertGoodOrderPublishedAndServiceReady(9302);
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(byte[] value) {
        return topics.awaitOne(OrderEventProcessorTest.DEAD_LETTERS, record -> Arrays.equals(record.value(), value));
    }

    private void assertGoodOrderPublishedAndServiceReady(long orderId) {
        topics.awaitOne(OrderEventProcessorTest.OUTPUT, record -> Long.toString(orderId).equals(record.key()));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private static OrderEvent withItems(OrderEvent event, List<OrderEvent.Item> items) {
        OrderEvent.Payload p = event.payload();
        return new OrderEvent(event.objectId(), event.objectType(), event.sentDttm(), new OrderEvent.Payload(
                p.restaurantId(), p.date(), p.userId(), items, p.bonusPayment(), p.cost(), p.payment(), p.bonusGrant(),
                p.statuses(), p.finalStatus(), p.updateTs()), null);
    }
}
