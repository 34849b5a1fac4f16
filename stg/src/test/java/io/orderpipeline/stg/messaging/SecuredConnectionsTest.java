package io.orderpipeline.stg.messaging;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.Postgres;
import io.orderpipeline.devstack.SecuredDevstackTestResource;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service against servers that all demand TLS and a password, as in production: Kafka on SASL_SSL with
 * SCRAM-SHA-512, PostgreSQL on TLS only with scram-sha-256, Redis on TLS only with a password. Everything the
 * service is told comes from {@link Devstack#quarkusConfig()}: properties, no code.
 */
@QuarkusTest
@TestProfile(ServiceLog.Secured.class)
class SecuredConnectionsTest {

    @Inject
    RedisDataSource redis;
    @Inject
    Pool database;
    @ConfigProperty(name = "quarkus.log.file.path")
    String logFile;

    Devstack stack;
    KafkaCompanion kafka;
    ConsumerTask<String, byte[]> published;

    @BeforeEach
    void setUp() {
        stack = SecuredDevstackTestResource.devstack();
        // Written through the service's own Redis client: TLS, verified host, password.
        redis.value(byte[].class).set(TestOrders.USER_ID, MessageCodec.encode(TestOrders.USER));
        redis.value(byte[].class).set(TestOrders.RESTAURANT_ID, MessageCodec.encode(TestOrders.RESTAURANT));
        kafka = new KafkaCompanion(stack.kafka().bootstrapServers());
        kafka.setCommonClientConfig(stack.kafka().clientConfig());
        published = kafka.consume(String.class, byte[].class).withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST).fromTopics(OrderEventProcessorTest.OUTPUT);
    }

    @AfterEach
    void tearDown() {
        published.close();
        kafka.close();
    }

    @Test
    void processesAnOrderOverAuthenticatedEncryptedConnections() {
        produce(TestOrders.upstreamSample(8001));

        ConsumerRecord<String, byte[]> record = awaitPublished("8001");
        EnrichedOrder order = MessageCodec.decodeEnrichedOrder(record.value());
        assertThat(order.payload().user().name()).isEqualTo("Котова Ольга Вениаминовна");
        assertThat(order.payload().products()).singleElement()
                .satisfies(product -> assertThat(product.category()).isEqualTo("Закуски"));
        assertThat(database.preparedQuery("SELECT count(*) FROM stg.order_events WHERE object_id = 8001").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0)).isOne();
        assertThat(database.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getBoolean(0))
                .as("the service's database connection is encrypted").isTrue();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        assertThat(ServiceLog.read(logFile)).as("the service's log").contains("sasl.jaas.config = [hidden]").doesNotContain(
                stack.kafka().password(), stack.postgres().password(), stack.redis().password());
    }

    @Test
    void aDatabasePasswordThatNoLongerWorksMakesTheServiceNotReadyAndSaysWhyWithoutShowingIt() throws SQLException {
        Postgres postgres = stack.postgres();
        String servicePassword = postgres.password();
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), servicePassword);
             Statement sql = admin.createStatement()) {
            // The password is rotated in the database but not yet in the service's secret.
            sql.execute("ALTER ROLE " + postgres.username() + " PASSWORD 'rotated-" + UUID.randomUUID() + "'");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
            try {
                produce(TestOrders.upstreamSample(8101));
                String health = await().atMost(Duration.ofSeconds(30)).until(
                        () -> given().when().get("/q/health/ready").then().extract(),
                        response -> response.statusCode() == 503
                                && response.asString().contains("password authentication failed")).asString();
                assertThat(health).doesNotContain(servicePassword);
                assertThat(published.getRecords()).noneMatch(record -> "8101".equals(record.key()));
            } finally {
                sql.execute("ALTER ROLE " + postgres.username() + " PASSWORD '" + servicePassword + "'");
            }
        }

        awaitPublished("8101");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        assertThat(ServiceLog.read(logFile)).as("the service's log")
                .contains("password authentication failed").doesNotContain(servicePassword);
    }

    private ConsumerRecord<String, byte[]> awaitPublished(String key) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> published.getRecords().stream().filter(record -> key.equals(record.key())).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    private void produce(byte[] value) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(List.of(new ProducerRecord<>(OrderEventProcessorTest.INPUT, null, value)))
                .awaitCompletion(Duration.ofSeconds(30));
    }
}
