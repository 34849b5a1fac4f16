package io.orderpipeline.stg.messaging;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.KafkaBroker;
import io.orderpipeline.devstack.SecuredDevstackTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service is given a wrong Kafka password (SASL_SSL, SCRAM-SHA-512): it reports not ready, logs that the
 * broker refused its credentials (and keeps trying), and shows the password neither in its health response nor in
 * its log.
 */
@QuarkusTest
@TestProfile(ServiceLog.WrongKafkaPassword.class)
class WrongKafkaPasswordTest {

    /** A constant, not a random value: the test resource and the test may be loaded by different class loaders. */
    static final String WRONG_PASSWORD = "wrong-kafka-password-3f9c2e71";
    static final String READINESS = "SmallRye Reactive Messaging - readiness check";

    /** The secured stack's settings, with the wrong password. */
    public static class Resource extends SecuredDevstackTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("kafka.sasl.jaas.config", KafkaBroker.scramJaasConfig(Devstack.KAFKA_USER, WRONG_PASSWORD));
            return config;
        }
    }

    @ConfigProperty(name = "quarkus.log.file.path")
    String logFile;

    @Test
    void reportsNotReadyAndWhyWithoutShowingThePassword() {
        String readiness = await().atMost(Duration.ofSeconds(30)).until(
                () -> given().when().get("/q/health/ready").then().extract(),
                response -> response.statusCode() == 503
                        && "DOWN".equals(check(response.asString(), READINESS).get("status"))).asString();
        // Which channels show [KO] varies: SmallRye counts a client's open connections, and one that is still
        // being refused counts for a moment.
        assertThat(check(readiness, READINESS).get("data").toString()).contains("[KO]");
        assertThat(readiness).doesNotContain(WRONG_PASSWORD);

        // Readiness names the channels that cannot reach the broker; the log says why. (The in-JVM broker logs
        // the refusal too, so look for the service's own consumer.)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ServiceLog.read(logFile).lines()
                .filter(line -> line.contains("kafka-consumer-raw-orders"))).as("the service's consumer in its log")
                .anySatisfy(line -> assertThat(line).contains("SaslAuthenticationException")
                        .contains("invalid credentials with SASL mechanism SCRAM-SHA-512")));
        assertThat(ServiceLog.read(logFile)).as("the service's log")
                .contains("sasl.jaas.config = [hidden]").doesNotContain(WRONG_PASSWORD);
        assertThat(given().when().get("/q/health").then().extract().asString()).doesNotContain(WRONG_PASSWORD);
    }

    private static Map<String, Object> check(String health, String name) {
        Map<String, Object> check = JsonPath.from(health).getMap("checks.find { it.name == '" + name + "' }");
        return check == null ? Map.of() : check;
    }
}
