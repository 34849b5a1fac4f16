package io.orderpipeline.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.Optional;

/**
 * The original service's Kafka logins: {@code KAFKA_CONSUMER_USERNAME}/{@code KAFKA_CONSUMER_PASSWORD} for the
 * topic a service reads, {@code KAFKA_PRODUCER_USERNAME}/{@code KAFKA_PRODUCER_PASSWORD} for the topics it writes
 * (its output and its dead letters). Either login may be absent; half of one stops start-up, naming the missing
 * half. {@link KafkaUserLogin} turns them into each client's SCRAM login. (Two roots rather than one under
 * {@code kafka}: a mapping owns its whole prefix, and {@code kafka.*} also holds the Kafka clients' own settings.)
 */
public final class KafkaUsers {

    public interface Login {
        String username();

        String password();
    }

    @ConfigMapping(prefix = "kafka.consumer")
    public interface Consumer {
        @WithParentName
        Optional<Login> login();
    }

    @ConfigMapping(prefix = "kafka.producer")
    public interface Producer {
        @WithParentName
        Optional<Login> login();
    }

    private KafkaUsers() {
    }
}
