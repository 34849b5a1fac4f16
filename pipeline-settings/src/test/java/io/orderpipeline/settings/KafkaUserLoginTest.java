package io.orderpipeline.settings;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaUserLoginTest {

    private static final Map<String, Object> CONSUMER = Map.of(
            "bootstrap.servers", "kafka:9093",
            "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    private static final Map<String, Object> PRODUCER = Map.of(
            "bootstrap.servers", "kafka:9093",
            "key.serializer", "org.apache.kafka.common.serialization.StringSerializer");

    @Test
    void logsConsumersAndProducersInAsTheirOwnUsersBySaslSslAndScram() {
        KafkaUserLogin login = login(Map.of(
                "KAFKA_CONSUMER_USERNAME", "reader", "KAFKA_CONSUMER_PASSWORD", "r-secret",
                "KAFKA_PRODUCER_USERNAME", "writer", "KAFKA_PRODUCER_PASSWORD", "w-secret"));

        Map<String, Object> consumer = login.customize("raw-orders", new HashMap<>(CONSUMER));
        Map<String, Object> producer = login.customize("dead-letters", new HashMap<>(PRODUCER));

        assertThat(consumer).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(options(consumer)).containsEntry("username", "reader").containsEntry("password", "r-secret");
        assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(options(producer)).containsEntry("username", "writer").containsEntry("password", "w-secret");
    }

    @Test
    void leavesAClientAloneWhenItsDirectionHasNoUser() {
        KafkaUserLogin login = login(Map.of("KAFKA_CONSUMER_USERNAME", "reader", "KAFKA_CONSUMER_PASSWORD", "r-secret"));

        assertThat(login.customize("enriched-orders", new HashMap<>(PRODUCER))).isEqualTo(PRODUCER);
        assertThat(login(Map.of()).customize("raw-orders", new HashMap<>(CONSUMER))).isEqualTo(CONSUMER);
    }

    @Test
    void keepsAProtocolAndMechanismThatAreSetExplicitly() {
        Map<String, Object> consumer = new HashMap<>(CONSUMER);
        consumer.put("security.protocol", "SASL_PLAINTEXT");
        consumer.put("sasl.mechanism", "SCRAM-SHA-256");

        login(Map.of("KAFKA_CONSUMER_USERNAME", "reader", "KAFKA_CONSUMER_PASSWORD", "p")).customize("raw-orders", consumer);

        assertThat(consumer).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-256");
    }

    @Test
    void aPasswordWithQuotesAndBackslashesReachesKafkaAsItIs() {
        String password = "a\"b\\c d;e=f";
        Map<String, Object> consumer = login(Map.of("KAFKA_CONSUMER_USERNAME", "o\"brien", "KAFKA_CONSUMER_PASSWORD", password))
                .customize("raw-orders", new HashMap<>(CONSUMER));

        assertThat(options(consumer)).containsEntry("username", "o\"brien").containsEntry("password", password);
    }

    @Test
    void refusesAUserBesideAJaasLineNamingBoth() {
        Map<String, Object> consumer = new HashMap<>(CONSUMER);
        consumer.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"x\" password=\"y\";");
        KafkaUserLogin login = login(Map.of("KAFKA_CONSUMER_USERNAME", "reader", "KAFKA_CONSUMER_PASSWORD", "p"));

        assertThatThrownBy(() -> login.customize("raw-orders", consumer))
                .hasMessageContaining("raw-orders").hasMessageContaining("KAFKA_CONSUMER_USERNAME")
                .hasMessageContaining("KAFKA_SASL_JAAS_CONFIG").hasMessageNotContaining("\"p\"");
    }

    @Test
    void refusesALoginThatKafkaWouldIgnoreOrMisread() {
        Map<String, Object> plaintext = new HashMap<>(CONSUMER);
        plaintext.put("security.protocol", "SSL");
        KafkaUserLogin login = login(Map.of("KAFKA_CONSUMER_USERNAME", "reader", "KAFKA_CONSUMER_PASSWORD", "p"));
        assertThatThrownBy(() -> login.customize("raw-orders", plaintext))
                .hasMessageContaining("KAFKA_CONSUMER_USERNAME needs a SASL protocol").hasMessageContaining("SSL");

        KafkaUserLogin fromFile = login(Map.of("KAFKA_PRODUCER_USERNAME", "writer", "KAFKA_PRODUCER_PASSWORD", "w-secret\n"));
        assertThatThrownBy(() -> fromFile.customize("dead-letters", new HashMap<>(PRODUCER)))
                .hasMessageContaining("KAFKA_PRODUCER_PASSWORD contains a line break").hasMessageNotContaining("w-secret");
    }

    @Test
    void keepsTheLoginSettingsThemselvesAwayFromTheKafkaClients() {
        Map<String, Object> consumer = new HashMap<>(CONSUMER);
        consumer.put("consumer.password", "r-secret");
        consumer.put("producer.password", "w-secret");

        login(Map.of()).customize("raw-orders", consumer);

        assertThat(consumer).isEqualTo(CONSUMER);
    }

    @Test
    void halfALoginIsAConfigurationErrorNamingTheMissingHalf() {
        assertThatThrownBy(() -> config(Map.of("KAFKA_CONSUMER_USERNAME", "reader")))
                .hasMessageContaining("kafka.consumer.password");
        assertThatThrownBy(() -> config(Map.of("KAFKA_PRODUCER_PASSWORD", "secret")))
                .hasMessageContaining("kafka.producer.username").hasMessageNotContaining("secret");
    }

    @Test
    void theOriginalsConsumerGroupVariableIsNotTakenForALogin() {
        SmallRyeConfig config = config(Map.of("KAFKA_CONSUMER_GROUP", "stg-service"));

        assertThat(config.getConfigMapping(KafkaUsers.Consumer.class).login()).isEmpty();
    }

    private static KafkaUserLogin login(Map<String, String> environment) {
        SmallRyeConfig config = config(environment);
        return new KafkaUserLogin(config.getConfigMapping(KafkaUsers.Consumer.class),
                config.getConfigMapping(KafkaUsers.Producer.class));
    }

    /** The mappings read as a service reads them: from environment variables. */
    private static SmallRyeConfig config(Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(environment, 300) {
                })
                .withMapping(KafkaUsers.Consumer.class)
                .withMapping(KafkaUsers.Producer.class)
                .build();
    }

    /** The login's options as the Kafka client parses them. */
    private static Map<String, Object> options(Map<String, Object> clientConfig) {
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(Map.of("sasl.jaas.config",
                new Password((String) clientConfig.get("sasl.jaas.config")))).configurationEntries();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        return new HashMap<>(entries.get(0).getOptions());
    }
}
