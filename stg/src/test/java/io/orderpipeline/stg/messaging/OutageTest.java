package io.orderpipeline.stg.messaging;

import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Upstream;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.json;
import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Health, and what happens while PostgreSQL or Redis is down: retry, readiness DOWN, no dead letter, no loss. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class OutageTest {

    Topics topics;

    @BeforeEach
    void setUp() {
        try (ReferenceDataStore redis = ReferenceDataStore.of(DevstackResource.devstack())) {
            redis.put(Upstream.USER);
            redis.put(Upstream.RESTAURANT);
        }
        topics = new Topics(DevstackResource.devstack().kafka());
    }

    @AfterEach
    void tearDown() {
        topics.close();
    }

    @Test
    void healthIsUpWithEveryComponentChecked() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("order pipeline", "SmallRye Reactive Messaging - readiness check",
                        "Reactive PostgreSQL connections health check", "Redis connection health check"));
    }

    @Test
    void aPostgresOutageDelaysOrdersButLosesAndDeadLettersNothing() {
        DevstackResource.devstack().postgres().stop();
        try {
            topics.send(OrderEventProcessorTest.INPUT, null, json(version(6001, 1, "CLOSED")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(503));
            assertThat(topics.readAll(OrderEventProcessorTest.OUTPUT)).noneMatch(record -> "6001".equals(record.key()));
        } finally {
            DevstackResource.devstack().postgres().start();
        }
        topics.awaitOne(OrderEventProcessorTest.OUTPUT, record -> "6001".equals(record.key()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        assertThat(topics.readAll(OrderEventProcessorTest.DEAD_LETTERS))
                .noneMatch(record -> Topics.text(record).contains("6001"));
    }

    @Test
    void aRedisOutageDelaysOrdersButLosesAndDeadLettersNothing() {
        DevstackResource.devstack().redis().stop();
        try {
            topics.send(OrderEventProcessorTest.INPUT, null, json(version(6101, 1, "CLOSED")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(503));
            assertThat(topics.readAll(OrderEventProcessorTest.OUTPUT)).noneMatch(record -> "6101".equals(record.key()));
        } finally {
            DevstackResource.devstack().redis().start();
        }
        topics.awaitOne(OrderEventProcessorTest.OUTPUT, record -> "6101".equals(record.key()));
        assertThat(topics.readAll(OrderEventProcessorTest.DEAD_LETTERS))
                .noneMatch(record -> Topics.text(record).contains("6101"));
    }
}
