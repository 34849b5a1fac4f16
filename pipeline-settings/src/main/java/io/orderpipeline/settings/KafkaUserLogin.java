package io.orderpipeline.settings;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Logs each Kafka client in as the original service's user for its direction: consumers as
 * {@code KAFKA_CONSUMER_USERNAME}, producers as {@code KAFKA_PRODUCER_USERNAME}, by SCRAM-SHA-512 over SASL_SSL as
 * the original did, unless {@code KAFKA_SECURITY_PROTOCOL} or {@code KAFKA_SASL_MECHANISM} say otherwise. Without
 * those users the client config is left alone. Start-up stops, naming the variables, when a user comes with a
 * {@code sasl.jaas.config} ({@code KAFKA_SASL_JAAS_CONFIG}: the two would disagree on who logs in), with a protocol
 * that is not SASL (the login would be ignored), or with a line break in a value (a Secret made from a file keeps
 * the file's last newline, which would silently change the password).
 */
@ApplicationScoped
public class KafkaUserLogin {

    private static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    /** Quarkus hands every kafka.* setting to every client: these are ours, not the clients'. */
    private static final List<String> OWN_SETTINGS = List.of(
            "consumer.username", "consumer.password", "producer.username", "producer.password");
    private static final Logger LOG = Logger.getLogger(KafkaUserLogin.class);

    private final KafkaUsers.Consumer consumerUser;
    private final KafkaUsers.Producer producerUser;

    public KafkaUserLogin(KafkaUsers.Consumer consumerUser, KafkaUsers.Producer producerUser) {
        this.consumerUser = consumerUser;
        this.producerUser = producerUser;
    }

    /**
     * @param channel      the client's name in messages: a service's channel, or an operations command
     * @param clientConfig a consumer's config (it has a key deserializer) or a producer's; changed in place
     */
    public Map<String, Object> customize(String channel, Map<String, Object> clientConfig) {
        OWN_SETTINGS.forEach(clientConfig::remove);
        // A consumer cannot be built without a key deserializer, and SmallRye takes it out of a producer's config.
        boolean consumer = clientConfig.containsKey(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        Optional<KafkaUsers.Login> login = consumer ? consumerUser.login() : producerUser.login();
        if (login.isEmpty()) {
            return clientConfig;
        }
        String prefix = consumer ? "KAFKA_CONSUMER_" : "KAFKA_PRODUCER_";
        if (clientConfig.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
            throw new IllegalStateException("Kafka channel '" + channel + "': both " + prefix
                    + "USERNAME and sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG) say how to log in; set only one of them");
        }
        clientConfig.putIfAbsent(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_SSL.name);
        clientConfig.putIfAbsent(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
        Object protocol = clientConfig.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        if (!String.valueOf(protocol).startsWith("SASL_")) {
            throw new IllegalStateException("Kafka channel '" + channel + "': " + prefix + "USERNAME needs a SASL protocol, "
                    + "but security.protocol (KAFKA_SECURITY_PROTOCOL) is " + protocol);
        }
        requireOneLine(login.get().username(), prefix + "USERNAME");
        requireOneLine(login.get().password(), prefix + "PASSWORD");
        clientConfig.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(login.get().username(), login.get().password()));
        LOG.infof("Kafka channel '%s' logs in as '%s' (%s, %s, from %sUSERNAME)", channel, login.get().username(),
                protocol, clientConfig.get(SaslConfigs.SASL_MECHANISM), prefix);
        return clientConfig;
    }

    private static void requireOneLine(String value, String variable) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalStateException(variable + " contains a line break (a Secret made with --from-file keeps "
                    + "the file's newline); remove it");
        }
    }

    /** The JAAS line, with quotes and backslashes in the values escaped as Kafka's parser reads them. */
    private static String jaasConfig(String username, String password) {
        return SCRAM_LOGIN_MODULE + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password)
                + "\";";
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
