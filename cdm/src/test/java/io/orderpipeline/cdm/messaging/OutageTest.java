package io.orderpipeline.cdm.messaging;

import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.oracle.MartRow;
import io.orderpipeline.testsupport.orders.TestOrders.Vault;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.orderpipeline.testsupport.orders.TestOrders.Vault.RICE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** While PostgreSQL is down: readiness DOWN, nothing committed or dead-lettered; afterwards the batch is applied once. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class OutageTest {

    @Test
    void aPostgresOutageDelaysOrdersButLosesAndDeadLettersNothing() {
        UUID user = UUID.randomUUID();
        Vault.Order order = Vault.Order.of(user);
        try (InputTopic input = new InputTopic(new Topics(DevstackResource.devstack().kafka()))) {
            DevstackResource.devstack().postgres().stop();
            try {
                input.produce(order.version(1, "CLOSED", RICE));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        given().when().get("/q/health/ready").then().statusCode(503));
                assertThat(input.topics().lag(InputTopic.TOPIC, InputTopic.GROUP)).isPositive();
            } finally {
                DevstackResource.devstack().postgres().start();
            }
            input.topics().awaitCaughtUp(InputTopic.TOPIC, InputTopic.GROUP);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(200));
            assertThat(input.topics().readAll(InputTopic.DEAD_LETTERS)).noneMatch(record -> user.toString().equals(record.key()));
        }
        assertThat(Warehouse.of(DevstackResource.devstack().postgres()).productCounters(user))
                .containsExactly(new MartRow(user, RICE.productKey(), RICE.productName(), 1));
    }
}
