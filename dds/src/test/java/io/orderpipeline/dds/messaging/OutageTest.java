package io.orderpipeline.dds.messaging;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Enriched;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Health, and a PostgreSQL outage: retry, readiness DOWN, no dead letter, no loss. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class OutageTest {

    VaultTopics topics;

    @BeforeEach
    void connect() {
        topics = new VaultTopics(DevstackResource.devstack().kafka());
    }

    @AfterEach
    void disconnect() {
        topics.close();
    }

    @Test
    void healthIsUpWithEveryComponentChecked() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("order pipeline", "SmallRye Reactive Messaging - readiness check",
                        "Reactive PostgreSQL connections health check"));
    }

    @Test
    void aPostgresOutageDelaysOrdersButLosesAndDeadLettersNothing() {
        long orderId = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
        EnrichedOrder order = Enriched.sample(orderId);

        DevstackResource.devstack().postgres().stop();
        try {
            topics.send(order);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(503));
            assertThat(topics.topics().readAll(VaultTopics.OUTPUT)).noneMatch(record -> VaultTopics.isVersionOf(record, order));
        } finally {
            DevstackResource.devstack().postgres().start();
        }
        topics.awaitPublished(order, 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        assertThat(topics.topics().readAll(VaultTopics.DEAD_LETTERS))
                .noneMatch(record -> Topics.text(record).contains(Long.toString(orderId)));
    }
}
