package io.orderpipeline.cdm.messaging;

import io.orderpipeline.devstack.DevstackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.orderpipeline.cdm.messaging.TestOrders.RICE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** While PostgreSQL is down: readiness DOWN, nothing committed or dead-lettered; afterwards the batch is applied once. */
@QuarkusTest
@WithTestResource(SharedDevstack.class)
class OutageTest {

    @Inject
    Pool database;

    @Test
    void aPostgresOutageDelaysOrdersButLosesAndDeadLettersNothing() {
        UUID user = UUID.randomUUID();
        TestOrders.Order order = TestOrders.Order.of(user);
        try (InputTopic input = new InputTopic();
                ConsumerTask<String, byte[]> deadLetters = input.kafka.consume(String.class, byte[].class)
                        .withGroupId("test-" + UUID.randomUUID()).withOffsetReset(OffsetResetStrategy.EARLIEST)
                        .fromTopics(InputTopic.DEAD_LETTERS)) {
            DevstackTestResource.devstack().postgres().stop();
            try {
                input.produce(order.version(1, "CLOSED", RICE));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        given().when().get("/q/health/ready").then().statusCode(503));
                assertThat(input.lag(InputTopic.GROUP)).isPositive();
            } finally {
                DevstackTestResource.devstack().postgres().start();
            }
            input.awaitCaughtUp(InputTopic.GROUP, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(200));
            assertThat(deadLetters.getRecords()).noneMatch(record -> user.toString().equals(record.key()));
        }
        assertThat(new Marts(database).products(user))
                .containsExactly(new MartRow(user, RICE.productKey(), RICE.productName(), 1));
    }
}
