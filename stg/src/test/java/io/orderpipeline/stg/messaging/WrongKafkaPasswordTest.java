package io.orderpipeline.stg.messaging;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.KafkaBroker;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.stack.SecuredDevstackResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service is given a wrong Kafka password (SASL_SSL, SCRAM-SHA-512): it reports not ready, naming the channels
 * that cannot reach the broker, and keeps trying; the password is in no health response. (That no log shows a
 * password is checked end to end, on the secured stack: e2e's OriginalSettingsIT.)
 */
@QuarkusTest
@TestProfile(WrongKafkaPasswordTest.WrongPassword.class)
@Tag(DevstackResource.TAG)
class WrongKafkaPasswordTest {

    /** A constant, not a random value: the test resource and the test may be loaded by different class loaders. */
    static final String WRONG_PASSWORD = "wrong-kafka-password-3f9c2e71";
    static final String READINESS = "SmallRye Reactive Messaging - readiness check";

    public static class WrongPassword implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Resource.class));
        }
    }

    /** The secured stack's settings, with the wrong password. */
    public static class Resource extends SecuredDevstackResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("kafka.sasl.jaas.config", KafkaBroker.scramJaasConfig(Devstack.KAFKA_USER, WRONG_PASSWORD));
            return config;
        }
    }

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
        assertThat(given().when().get("/q/health").then().extract().asString()).doesNotContain(WRONG_PASSWORD);
    }

    private static Map<String, Object> check(String health, String name) {
        Map<String, Object> check = JsonPath.from(health).getMap("checks.find { it.name == '" + name + "' }");
        return check == null ? Map.of() : check;
    }
}
