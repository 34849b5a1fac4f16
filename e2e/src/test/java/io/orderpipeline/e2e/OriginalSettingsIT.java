package io.orderpipeline.e2e;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.orderpipeline.devstack.KafkaBroker;
import io.orderpipeline.devstack.Ports;
import io.orderpipeline.devstack.Secrets;
import io.orderpipeline.e2e.stack.OpsTool;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceProcess;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.sample.SampleReferenceData;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The services configured as the original service was, by its environment variables only: a deployment of the
 * original switches without renaming a setting, and a missing or malformed one stops start-up naming it.
 */
class OriginalSettingsIT {

    private static final Path LOGS = EndToEndSupport.projectRoot().resolve("e2e/target/logs/original-settings");
    private static final Duration START_UP_FAILURE = Duration.ofSeconds(60);
    private static final ServiceRuntime RUNTIME = ServiceRuntime.configured();

    @ParameterizedTest
    @ValueSource(strings = {"stg", "dds", "cdm"})
    void aMissingDatabasePasswordStopsStartUpNamingItBeforeConnectingAnywhere(String service) {
        String log = failedStartUp(service, "no-pg-password", Map.of("PG_HOST", "localhost"));

        assertThat(log).contains("Configuration validation failed")
                .contains("The config property pg.password is required")
                .doesNotContain("Flyway").doesNotContain("Kafka consumer");
    }

    @Test
    void aDatabasePortThatIsNotANumberStopsStartUpNamingIt() {
        String log = failedStartUp("stg", "bad-pg-port", Map.of("PG_PASSWORD", "unused", "PG_PORT", "5432x"));

        assertThat(log).contains("The config property pg.port with the config value \"5432x\"")
                .doesNotContain("Flyway");
    }

    @Test
    void aRedisPortThatIsNotANumberOrAnUnknownSchemeStopsStartUpNamingIt() {
        String log = failedStartUp("stg", "bad-redis", Map.of("PG_PASSWORD", "unused", "REDIS_PORT", "63x9",
                "REDIS_SCHEME", "redis-tls"));

        assertThat(log).contains("The config property redis.port with the config value \"63x9\"")
                .contains("The config property redis.scheme with the config value \"redis-tls\"")
                .doesNotContain("Flyway");
    }

    @Test
    void halfAKafkaLoginStopsStartUpNamingTheOtherHalf() {
        String log = failedStartUp("stg", "half-kafka-login",
                Map.of("PG_PASSWORD", "unused", "KAFKA_PRODUCER_USERNAME", "stg-producer"));

        assertThat(log).contains("The config property kafka.producer.password is required")
                .doesNotContain("Flyway");
    }

    /**
     * stg, dds and cdm against Kafka on SASL_SSL/SCRAM-SHA-512, PostgreSQL with TLS and scram-sha-256 and Redis with
     * TLS and a password, told where and who only by the original's variables (plus where the CA file is), on topics
     * and consumer groups named by them: the marts come out exactly as the input says, and no password is logged.
     */
    @Test
    void theOriginalVariablesRunThePipelineOverSaslSslAndTls() throws IOException {
        try (Devstack devstack = Devstack.start(DevstackOptions.defaults().withSecured(true))) {
            SampleReferenceData references = SampleReferenceData.generate(5, 10);
            try (ReferenceDataStore redis = ReferenceDataStore.of(devstack)) {
                redis.load(references);
            }
            List<SampleOrders.Message> input = SampleOrders.generate(13, references, SampleOrders.Options.clean(40, 1));
            Map<String, String> topicOf = Map.of("stg", "legacy.orders", "dds", "legacy.stg-orders",
                    "cdm", "legacy.dds-orders");
            for (String topic : List.of("legacy.orders", "legacy.stg-orders", "legacy.dds-orders",
                    "stg-service-dlq", "dds-service-dlq", "cdm-service-dlq")) {
                devstack.kafka().createTopic(topic, 1);
            }

            Map<String, Login> logins = serviceLogins(devstack, topicOf);
            List<ServiceProcess> services = new ArrayList<>();
            try {
                for (String service : List.of("stg", "dds", "cdm")) {
                    Map<String, String> env = originalVariables(devstack, logins.get(service));
                    env.put("KAFKA_SOURCE_TOPIC", topicOf.get(service));
                    env.put("KAFKA_CONSUMER_GROUP", "legacy-" + service);
                    if (!"cdm".equals(service)) {
                        env.put("KAFKA_DESTINATION_TOPIC", topicOf.get("stg".equals(service) ? "dds" : "cdm"));
                    }
                    ServiceProcess process = new ServiceProcess(service, RUNTIME, artifact(service),
                            Ports.pickFree(), env, Map.of(), Files.createDirectories(LOGS));
                    services.add(process);
                    process.start();
                }
                services.forEach(process -> process.awaitReady(Duration.ofSeconds(90)));
                produce(devstack, "legacy.orders", input);

                Warehouse marts = EndToEndSupport.marts(devstack);
                ExpectedMarts expected = ExpectedMarts.of(input, references);
                awaitMarts(marts, expected, Duration.ofSeconds(90));
                EndToEndSupport.assertWarehouseMatches(marts, expected);
                assertTheOperationsToolWorksWithItsOwnLogins(devstack, logins, marts, expected);
            } finally {
                services.forEach(ServiceProcess::close);
            }
            assertEachServiceMayWriteOnlyWhatIsItsOwn(devstack, logins.get("stg"), topicOf);

            List<String> passwords = new ArrayList<>(List.of(devstack.kafka().password(),
                    devstack.postgres().password(), devstack.redis().password()));
            logins.values().forEach(login -> passwords.addAll(List.of(login.pgPassword(), login.kafkaPassword())));
            Map<String, List<String>> loginsOf = Map.of(
                    "stg", List.of("raw-orders:CONSUMER", "enriched-orders:PRODUCER", "dead-letters:PRODUCER"),
                    "dds", List.of("enriched-orders:CONSUMER", "vault-orders:PRODUCER", "dead-letters:PRODUCER"),
                    "cdm", List.of("vault-orders:CONSUMER", "dead-letters:PRODUCER"));
            for (ServiceProcess service : services) {
                String log = service.logText();
                for (String login : loginsOf.get(service.name())) {
                    String[] channelAndDirection = login.split(":");
                    String user = service.name() + ("CONSUMER".equals(channelAndDirection[1]) ? "-in" : "-out");
                    assertThat(log).as(service.name() + "'s log").contains("Kafka channel '" + channelAndDirection[0]
                            + "' logs in as '" + user + "' (SASL_SSL, SCRAM-SHA-512, from KAFKA_"
                            + channelAndDirection[1] + "_USERNAME)");
                }
                assertThat(log).as(service.name() + "'s log").contains("Warehouse: PostgreSQL 127.0.0.1:"
                        + devstack.postgres().port() + "/warehouse as " + service.name() + "_service");
                if ("stg".equals(service.name())) {
                    assertThat(log).contains("Reference data: Redis 127.0.0.1:" + devstack.redis().port() + " over TLS");
                }
                passwords.forEach(password -> assertThat(log).as(service.name() + "'s log").doesNotContain(password));
            }
        }
    }

    /** A service's own logins: a PostgreSQL role, and a Kafka user per direction (one password for both here). */
    private record Login(String service, String pgPassword, String kafkaPassword) {
        String pgRole() {
            return service + "_service";
        }

        String kafkaReader() {
            return service + "-in";
        }

        String kafkaWriter() {
            return service + "-out";
        }
    }

    /**
     * What a deployment sets up for least privilege: the roles of deploy/postgres/roles.sql, each owning one schema,
     * and a Kafka user per service and direction whose ACLs allow reading its input in its group, or writing its
     * output and dead letters, and nothing else.
     */
    private static Map<String, Login> serviceLogins(Devstack devstack, Map<String, String> topicOf) {
        devstack.postgres().runScript(EndToEndSupport.projectRoot().resolve("deploy/postgres/roles.sql"));
        Map<String, Login> logins = new LinkedHashMap<>();
        for (String service : List.of("stg", "dds", "cdm")) {
            Login login = new Login(service, Secrets.random(), Secrets.random());
            devstack.postgres().setPassword(login.pgRole(), login.pgPassword());
            devstack.kafka().createUser(login.kafkaReader(), login.kafkaPassword());
            devstack.kafka().createUser(login.kafkaWriter(), login.kafkaPassword());
            devstack.kafka().allowReading(login.kafkaReader(), topicOf.get(service), "legacy-" + service);
            devstack.kafka().allowWriting(login.kafkaWriter(), service + "-service-dlq");
            if (!"cdm".equals(service)) {
                devstack.kafka().allowWriting(login.kafkaWriter(), topicOf.get("stg".equals(service) ? "dds" : "cdm"));
            }
            logins.put(service, login);
        }
        Login ops = new Login("ops", Secrets.random(), Secrets.random());
        devstack.kafka().createUser(ops.kafkaReader(), ops.kafkaPassword());
        devstack.kafka().allowReading(ops.kafkaReader(), "stg-service-dlq", "ops-tool");
        logins.put("ops", ops);
        return logins;
    }

    /**
     * The operations tool on the same secured stack, by the same variables, as the ops_tool role of ops-tool.sql
     * (run, as a deployment does, once the services have made their tables) and its own Kafka users: it reads a
     * dead-letter topic over SASL_SSL, and rebuilds a corrupted mart with the privileges ops-tool.sql gives it, while
     * cdm runs.
     */
    private static void assertTheOperationsToolWorksWithItsOwnLogins(Devstack devstack, Map<String, Login> logins,
            Warehouse marts, ExpectedMarts expected) {
        Login ops = logins.get("ops");
        devstack.postgres().runScript(EndToEndSupport.projectRoot().resolve("deploy/postgres/ops-tool.sql"));
        devstack.postgres().setPassword("ops_tool", ops.pgPassword());
        Map<String, String> env = originalVariables(devstack, ops);
        env.put("PG_USER", "ops_tool");
        OpsTool tool = new OpsTool(EndToEndSupport.projectRoot(), RUNTIME, env);

        OpsTool.Run redrive = tool.run("redrive", "--from", "stg-service-dlq", "--dry-run");
        assertThat(redrive.exitCode()).as(redrive.log()).isZero();
        assertThat(redrive.output()).contains("dry run, stg-service-dlq: 0 matched");

        marts.execute("DELETE FROM cdm.user_product_counters WHERE id = (SELECT min(id) FROM cdm.user_product_counters)");
        OpsTool.Run rebuild = tool.run("rebuild", "cdm");
        assertThat(rebuild.exitCode()).as(rebuild.log()).isZero();
        assertThat(rebuild.output()).contains("cdm.user_product_counters: ", "; 0 deleted, 1 inserted, 0 corrected");
        EndToEndSupport.assertWarehouseMatches(marts, expected);
        assertThat(redrive.log()).contains("logs in as 'ops-in' (SASL_SSL, SCRAM-SHA-512, from KAFKA_CONSUMER_USERNAME)");
        assertThat(rebuild.log()).contains("Warehouse: PostgreSQL 127.0.0.1:" + devstack.postgres().port()
                + "/warehouse as ops_tool");
        for (String log : List.of(redrive.log(), rebuild.log())) {
            assertThat(log).doesNotContain(ops.pgPassword()).doesNotContain(ops.kafkaPassword());
        }
    }

    /** stg's own logins are refused what belongs to dds and cdm: their schemas, and their topics. */
    private static void assertEachServiceMayWriteOnlyWhatIsItsOwn(Devstack devstack, Login stg,
            Map<String, String> topicOf) {
        Warehouse asStg = new Warehouse(devstack.postgres().jdbcUrl(), stg.pgRole(), stg.pgPassword());
        assertThat(asStg.number("SELECT count(*) FROM stg.order_events")).as("its own schema").isPositive();
        assertThatThrownBy(() -> asStg.execute("DELETE FROM cdm.user_product_counters"))
                .as("stg writing cdm's mart").hasMessageContaining("permission denied for schema cdm");
        assertThatThrownBy(() -> asStg.rows("SELECT count(*) FROM dds.h_order"))
                .as("stg reading dds").hasMessageContaining("permission denied for schema dds");

        Map<String, Object> writer = new HashMap<>(devstack.kafka().clientConfig());
        writer.put("sasl.jaas.config", KafkaBroker.scramJaasConfig(stg.kafkaWriter(), stg.kafkaPassword()));
        writer.put("max.block.ms", 10_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(writer, new StringSerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topicOf.get("cdm"), "k", new byte[] {1})).get())
                    .as("stg writing dds's output topic").hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /** The original's variables for a secured stack, with the service's own logins. */
    private static Map<String, String> originalVariables(Devstack devstack, Login login) {
        String ca = devstack.tls().caCertificate().toString();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_HOST", "127.0.0.1");
        env.put("KAFKA_PORT", Integer.toString(devstack.kafka().port()));
        env.put("KAFKA_CONSUMER_USERNAME", login.kafkaReader());
        env.put("KAFKA_CONSUMER_PASSWORD", login.kafkaPassword());
        env.put("KAFKA_PRODUCER_USERNAME", login.kafkaWriter());
        env.put("KAFKA_PRODUCER_PASSWORD", login.kafkaPassword());
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", ca);
        env.put("PG_HOST", "127.0.0.1");
        env.put("PG_PORT", Integer.toString(devstack.postgres().port()));
        env.put("PG_DB_NAME", "warehouse");
        env.put("PG_USER", login.pgRole());
        env.put("PG_PASSWORD", login.pgPassword());
        env.put("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE", "verify-full");
        env.put("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM", "true");
        env.put("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS", ca);
        env.put("QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM", "HTTPS");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", devstack.postgres().jdbcUrl());
        env.put("REDIS_SCHEME", "rediss");
        env.put("REDIS_HOST", "127.0.0.1");
        env.put("REDIS_PORT", Integer.toString(devstack.redis().port()));
        env.put("REDIS_PASSWORD", devstack.redis().password());
        env.put("QUARKUS_REDIS_TLS_CONFIGURATION_NAME", "redis");
        env.put("QUARKUS_TLS_REDIS_TRUST_STORE_PEM_CERTS", ca);
        env.put("QUARKUS_TLS_REDIS_HOSTNAME_VERIFICATION_ALGORITHM", "HTTPS");
        return env;
    }

    /** Starts the service with only these variables and returns its log once it has exited with an error. */
    private static String failedStartUp(String service, String name, Map<String, String> env) {
        try (ServiceProcess process = new ServiceProcess(service + "-" + name, RUNTIME, artifact(service), Ports.pickFree(), env,
                Map.of(), Files.createDirectories(LOGS))) {
            process.start();
            assertThat(process.awaitExit(START_UP_FAILURE)).as(service + "'s exit code").isNotZero();
            return process.logText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void produce(Devstack devstack, String topic, List<SampleOrders.Message> input) {
        Map<String, Object> config = new HashMap<>(devstack.kafka().clientConfig());
        config.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            input.forEach(message -> producer.send(new ProducerRecord<>(topic, null, message.json())));
            producer.flush();
        }
    }

    private static void awaitMarts(Warehouse marts, ExpectedMarts expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && !marts.productCounters().equals(expected.productCounters())) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Path artifact(String service) {
        return RUNTIME.artifact(EndToEndSupport.projectRoot(), service);
    }
}
