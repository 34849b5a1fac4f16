package io.orderpipeline.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A secured stack lets in who has the password and trusts the CA, over TLS, and nobody else. */
@Tag(Devstack.TEST_TAG)
class SecuredDevstackTest {

    private static Devstack stack;

    @BeforeAll
    static void startSecuredStack() {
        stack = Devstack.start(DevstackOptions.defaults().withSecured(true));
    }

    @AfterAll
    static void closeStack() {
        stack.close();
    }

    @Test
    void kafkaTakesScramOverTlsAndRejectsAWrongPassword() throws Exception {
        Map<String, Object> client = stack.kafka().clientConfig();
        assertThat(client).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        stack.kafka().createTopic("secured", 1);
        try (var producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("secured", "k", "over SASL_SSL")).get();
        }
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("secured"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            assertThat(values).containsExactly("over SASL_SSL");
        }

        Map<String, Object> wrongPassword = new HashMap<>(client);
        wrongPassword.put("sasl.jaas.config", KafkaBroker.scramJaasConfig(Devstack.KAFKA_USER, "not-the-password"));
        wrongPassword.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        wrongPassword.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void postgresTakesOnlyTlsWithTheRightPassword() throws SQLException {
        Postgres postgres = stack.postgres();
        assertThat(postgres.jdbcUrl()).contains("sslmode=verify-full", "sslrootcert=" + stack.tls().caCertificate());
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
                postgres.password());
             Statement statement = connection.createStatement();
             ResultSet ssl = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(ssl.next()).isTrue();
            assertThat(ssl.getBoolean(1)).as("this connection is encrypted").isTrue();
        }

        String plain = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/warehouse?sslmode=disable";
        assertThatThrownBy(() -> DriverManager.getConnection(plain, postgres.username(), postgres.password()).close())
                .hasMessageContaining("no pg_hba.conf entry").hasMessageContaining("no encryption");
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "not-the-password")
                .close()).hasMessageContaining("password authentication failed");
    }

    @Test
    void redisTakesOnlyTlsAndThenThePassword() throws Exception {
        Redis redis = stack.redis();
        assertThat(redis.hosts()).isEqualTo("rediss://127.0.0.1:" + redis.port());
        try (RedisCalls client = RedisCalls.overTls(redis.port(), stack.tls(), null)) {
            assertThatThrownBy(() -> client.call("PING")).hasMessageContaining("NOAUTH");
        }
        try (RedisCalls client = RedisCalls.overTls(redis.port(), stack.tls(), redis.password())) {
            assertThat(client.call("PING")).isEqualTo("PONG");
        }
        try (RedisCalls plain = RedisCalls.plain(redis.port())) {
            assertThatThrownBy(() -> plain.call("PING")).isNotNull();
        }
    }

    @Test
    void handsQuarkusTheCredentialsAndTheTrust() {
        String ca = stack.tls().caCertificate().toString();
        assertThat(stack.quarkusConfig())
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("kafka.sasl.jaas.config",
                        KafkaBroker.scramJaasConfig(Devstack.KAFKA_USER, stack.kafka().password()))
                .containsEntry("kafka.ssl.truststore.type", "PEM")
                .containsEntry("kafka.ssl.truststore.location", ca)
                .containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full")
                .containsEntry("quarkus.datasource.reactive.trust-certificate-pem.certs", ca)
                .containsEntry("quarkus.datasource.jdbc.url", stack.postgres().jdbcUrl())
                .containsEntry("pg.password", stack.postgres().password())
                .containsEntry("quarkus.redis.hosts", stack.redis().hosts())
                .containsEntry("quarkus.redis.password", stack.redis().password())
                .containsEntry("quarkus.tls.redis.trust-store.pem.certs", ca);
        assertThat(List.of(stack.kafka().password(), stack.postgres().password(), stack.redis().password()))
                .doesNotHaveDuplicates().allSatisfy(password -> assertThat(password).hasSize(32));
    }
}
