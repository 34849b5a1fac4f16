package io.orderpipeline.ops.kafka;

import io.orderpipeline.settings.KafkaUserLogin;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * The tool's Kafka clients, from every {@code kafka.*} setting (KAFKA_* variables) as the services get them, logged
 * in as the services' consumer user to read and as their producer user to write.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> settings;
    private final KafkaUserLogin login;

    KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> settings, KafkaUserLogin login) {
        this.settings = settings;
        this.login = login;
    }

    /** A consumer outside any consumer group, which reads the partitions it is assigned and commits nothing. */
    public Consumer<String, byte[]> reader(String purpose) {
        return new KafkaConsumer<>(readerConfig(purpose));
    }

    /** A producer that waits for every in-sync replica and never writes a record twice on a retry. */
    public Producer<String, byte[]> writer(String purpose) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ops-" + purpose);
        return new KafkaProducer<>(login.customize("ops " + purpose, config));
    }

    /** An admin client that reads offsets and groups, logged in as the reader. */
    public Admin admin(String purpose) {
        Map<String, Object> config = readerConfig(purpose);
        config.keySet().removeIf(key -> key.startsWith("key.") || key.startsWith("value.")
                || key.equals(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)
                || key.equals(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG));
        return Admin.create(config);
    }

    private Map<String, Object> readerConfig(String purpose) {
        Map<String, Object> config = new HashMap<>(settings);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Asking for a topic that is not there must not create it.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ops-" + purpose);
        return login.customize("ops " + purpose, config);
    }
}
