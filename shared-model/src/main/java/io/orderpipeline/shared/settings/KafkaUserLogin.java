package io.orderpipeline.shared.settings;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;

/**
 * Logs each Kafka client in as the original service's user for its direction: consumers as
 * {@code KAFKA_CONSUMER_USERNAME}, producers as {@code KAFKA_PRODUCER_USERNAME}, by SCRAM-SHA-512 over SASL_SSL as
 * the original did, unless {@code KAFKA_SECURITY_PROTOCOL} or {@code KAFKA_SASL_MECHANISM} say otherwise. Without
 * those users the client config is left alone; with both them and a {@code sasl.jaas.config}
 * ({@code KAFKA_SASL_JAAS_CONFIG}) start-up stops, as the two would disagree on who logs in.
 */
@ApplicationScoped
public class KafkaUserLogin implements ClientCustomizer<Map<String, Object>> {

    static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final Logger LOG = Logger.getLogger(KafkaUserLogin.class);

    private final KafkaUsers.Consumer consumerUser;
    private final KafkaUsers.Producer producerUser;

    KafkaUserLogin(KafkaUsers.Consumer consumerUser, KafkaUsers.Producer producerUser) {
        this.consumerUser = consumerUser;
        this.producerUser = producerUser;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> clientConfig) {
        boolean consumer = clientConfig.containsKey(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        Optional<KafkaUsers.Login> login = consumer ? consumerUser.login() : producerUser.login();
        if (login.isEmpty()) {
            return clientConfig;
        }
        String variable = consumer ? "KAFKA_CONSUMER_USERNAME" : "KAFKA_PRODUCER_USERNAME";
        if (clientConfig.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
            throw new IllegalStateException("Kafka channel '" + channel + "': both " + variable
                    + " and sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG) say how to log in; set only one of them");
        }
        clientConfig.putIfAbsent(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_SSL.name);
        clientConfig.putIfAbsent(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
        clientConfig.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(login.get().username(), login.get().password()));
        LOG.infof("Kafka channel '%s' logs in as '%s' (%s, %s, from %s)", channel, login.get().username(),
                clientConfig.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG), clientConfig.get(SaslConfigs.SASL_MECHANISM),
                variable);
        return clientConfig;
    }

    /** The JAAS line, with quotes and backslashes in the values escaped as Kafka's parser reads them. */
    static String jaasConfig(String username, String password) {
        return SCRAM_LOGIN_MODULE + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password)
                + "\";";
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
