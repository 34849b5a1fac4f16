package io.orderpipeline.dds.messaging;

import io.orderpipeline.dds.TestOrders;
import io.orderpipeline.devstack.DevstackTestResource;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Health, and a PostgreSQL outage: retry, readiness DOWN, no dead letter, no loss. */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class OutageTest {

    VaultTopics topics;
    ConsumerTask<String, byte[]> deadLetters;

    @BeforeEach
    void connect() {
        topics = new VaultTopics(DevstackTestResource.devstack().kafka().bootstrapServers());
        deadLetters = topics.reader(VaultTopics.DEAD_LETTERS);
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
        EnrichedOrder order = TestOrders.sample(orderId);
        ConsumerTask<String, byte[]> published = topics.reader(VaultTopics.OUTPUT);

        DevstackTestResource.devstack().postgres().stop();
        try {
            topics.send(order);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(503));
            assertThat(published.getRecords()).noneMatch(record -> VaultTopics.isVersionOf(record, order));
        } finally {
            DevstackTestResource.devstack().postgres().start();
        }
        topics.awaitPublished(order, 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        assertThat(deadLetters.getRecords()).noneMatch(record ->
                new String(record.value(), StandardCharsets.UTF_8).contains(Long.toString(orderId)));
    }
}
