package io.orderpipeline.stg.messaging;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.Postgres;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Upstream;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.stack.SecuredDevstackResource;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service against servers that all demand TLS and a password, as in production: Kafka on SASL_SSL with
 * SCRAM-SHA-512, PostgreSQL on TLS only with scram-sha-256, Redis on TLS only with a password. Everything the
 * service is told comes from {@link Devstack#quarkusConfig()}: properties, no code. (That no password reaches a log
 * is checked end to end, on every service, jar and native: e2e's OriginalSettingsIT.)
 */
@QuarkusTest
@TestProfile(SecuredConnectionsTest.Secured.class)
@Tag(DevstackResource.TAG)
class SecuredConnectionsTest {

    public static class Secured implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SecuredDevstackResource.class));
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    Pool database;

    Devstack stack;
    Topics topics;

    @BeforeEach
    void setUp() {
        stack = SecuredDevstackResource.devstack();
        // Written through the service's own Redis client: TLS, verified host, password.
        redis.value(byte[].class).set(Upstream.USER_ID, MessageCodec.encode(Upstream.USER));
        redis.value(byte[].class).set(Upstream.RESTAURANT_ID, MessageCodec.encode(Upstream.RESTAURANT));
        topics = new Topics(stack.kafka());
    }

    @AfterEach
    void tearDown() {
        topics.close();
    }

    @Test
    void processesAnOrderOverAuthenticatedEncryptedConnections() {
        topics.send(OrderEventProcessorTest.INPUT, null, Upstream.sample(8001));

        ConsumerRecord<String, byte[]> record = topics.awaitOne(OrderEventProcessorTest.OUTPUT,
                published -> "8001".equals(published.key()));
        EnrichedOrder order = MessageCodec.decodeEnrichedOrder(record.value());
        assertThat(order.payload().user().name()).isEqualTo("Котова Ольга Вениаминовна");
        assertThat(order.payload().products()).singleElement()
                .satisfies(product -> assertThat(product.category()).isEqualTo("Закуски"));
        assertThat(Warehouse.of(stack.postgres()).number("SELECT count(*) FROM stg.order_events WHERE object_id = 8001"))
                .isOne();
        assertThat(database.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getBoolean(0))
                .as("the service's database connection is encrypted").isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aDatabasePasswordThatNoLongerWorksMakesTheServiceNotReadyAndSaysWhyWithoutShowingIt() throws SQLException {
        Postgres postgres = stack.postgres();
        String servicePassword = postgres.password();
        // One connection throughout: once the password is rotated, no new one gets in with the old password.
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), servicePassword);
             Statement sql = admin.createStatement()) {
            // The password is rotated in the database but not yet in the service's secret.
            sql.execute("ALTER ROLE " + postgres.username() + " PASSWORD 'rotated-" + UUID.randomUUID() + "'");
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
            try {
                topics.send(OrderEventProcessorTest.INPUT, null, Upstream.sample(8101));
                String health = await().atMost(Duration.ofSeconds(30)).until(
                        () -> given().when().get("/q/health/ready").then().extract(),
                        response -> response.statusCode() == 503
                                && response.asString().contains("password authentication failed")).asString();
                assertThat(health).doesNotContain(servicePassword);
                assertThat(topics.readAll(OrderEventProcessorTest.OUTPUT))
                        .noneMatch(record -> "8101".equals(record.key()));
            } finally {
                sql.execute("ALTER ROLE " + postgres.username() + " PASSWORD '" + servicePassword + "'");
            }
        }

        topics.awaitOne(OrderEventProcessorTest.OUTPUT, record -> "8101".equals(record.key()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
    }
}
