package io.orderpipeline.stg.messaging;

import io.orderpipeline.devstack.DevstackTestResource;
import io.orderpipeline.shared.message.MessageCodec;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.orderpipeline.stg.messaging.TestOrders.json;
import static io.orderpipeline.stg.messaging.TestOrders.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Health, and what happens while PostgreSQL or Redis is down: retry, readiness DOWN, no dead letter, no loss. */
@QuarkusTest
@WithTestResource(DevstackTestResource.class)
class OutageTest {

    @Inject
    RedisDataSource redis;

    KafkaCompanion kafka;
    ConsumerTask<String, byte[]> published;
    ConsumerTask<String, byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        redis.value(byte[].class).set(TestOrders.USER_ID, MessageCodec.encode(TestOrders.USER));
        redis.value(byte[].class).set(TestOrders.RESTAURANT_ID, MessageCodec.encode(TestOrders.RESTAURANT));
        kafka = new KafkaCompanion(DevstackTestResource.devstack().kafka().bootstrapServers());
        published = read(OrderEventProcessorTest.OUTPUT);
        deadLetters = read(OrderEventProcessorTest.DEAD_LETTERS);
    }

    @AfterEach
    void tearDown() {
        published.close();
        deadLetters.close();
        kafka.close();
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
        DevstackTestResource.devstack().postgres().stop();
        try {
            produce(json(version(6001, 1, "CLOSED")));
            given().when().get("/q/health/ready").then().statusCode(503);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> published.getRecords().stream().noneMatch(record -> "6001".equals(record.key())));
        } finally {
            DevstackTestResource.devstack().postgres().start();
        }
        awaitPublished("6001");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        assertThat(deadLetters.getRecords()).noneMatch(record -> new String(record.value()).contains("6001"));
    }

    @Test
    void aRedisOutageDelaysOrdersButLosesAndDeadLettersNothing() {
        DevstackTestResource.devstack().redis().stop();
        try {
            produce(json(version(6101, 1, "CLOSED")));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().when().get("/q/health/ready").then().statusCode(503));
            assertThat(published.getRecords()).noneMatch(record -> "6101".equals(record.key()));
        } finally {
            DevstackTestResource.devstack().redis().start();
        }
        awaitPublished("6101");
        assertThat(deadLetters.getRecords()).noneMatch(record -> new String(record.value()).contains("6101"));
    }

    private void awaitPublished(String key) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> published.getRecords().stream().anyMatch(record -> key.equals(record.key())));
    }

    private void produce(byte[] value) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(List.of(new ProducerRecord<>(OrderEventProcessorTest.INPUT, null, value)))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    private ConsumerTask<String, byte[]> read(String topic) {
        return kafka.consume(String.class, byte[].class).withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).fromTopics(topic);
    }
}
