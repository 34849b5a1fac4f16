package io.orderpipeline.runtime.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** On a real broker: a partition's lag is a meter within seconds of the consumer's first fetch of it. */
@Tag(Devstack.TEST_TAG)
class KafkaClientMetersTest {

    private static final String TOPIC = "lagging";
    /** Micrometer's own Kafka binder looks for new client metrics once a minute; this must be well inside that. */
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Test
    void aPartitionsLagBecomesAMeterWithinSecondsOfTheFirstFetch(@TempDir Path directory) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KafkaClientMeters meters = new KafkaClientMeters(registry);
        try (KafkaBroker broker = new KafkaBroker(0, directory)) {
            broker.start();
            broker.createTopic(TOPIC, 1);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, "order-" + i)).get();
                }
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "meters-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1),
                    new StringDeserializer(), new StringDeserializer())) {
                meters.consumerCreated(consumer);
                consumer.subscribe(List.of(TOPIC));
                long deadline = System.nanoTime() + WITHIN.toNanos();
                Gauge lag = null;
                while (lag == null && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                    lag = registry.find("kafka.consumer.fetch.manager.records.lag").tag("partition", "0").gauge();
                }
                assertThat(lag).as("partition 0's lag as a meter within %s", WITHIN).isNotNull();
                assertThat(lag.value()).as("records fetched but not yet consumed, one a poll").isBetween(0.0, 9.0);
            }
        } finally {
            meters.onStop(null);
        }
    }
}
