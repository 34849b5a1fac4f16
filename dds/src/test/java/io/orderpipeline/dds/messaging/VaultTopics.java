package io.orderpipeline.dds.messaging;

import io.orderpipeline.dds.TestOrders;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** The dds topics as a test sees them: enriched orders in, vault orders and dead letters out. */
final class VaultTopics implements AutoCloseable {

    static final String INPUT = "stg-service-orders";
    static final String OUTPUT = "dds-service-orders";
    static final String DEAD_LETTERS = "dds-service-dlq";

    private final KafkaCompanion kafka;
    private final List<ConsumerTask<String, byte[]>> readers = new ArrayList<>();

    VaultTopics(String bootstrapServers) {
        this.kafka = new KafkaCompanion(bootstrapServers);
    }

    KafkaCompanion kafka() {
        return kafka;
    }

    /** Sends the orders as stg does, keyed by order id, in one go (so they tend to share a batch). */
    void send(EnrichedOrder... orders) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (EnrichedOrder order : orders) {
            records.add(new ProducerRecord<>(INPUT, order.kafkaKey(), TestOrders.json(order)));
        }
        produce(records);
    }

    void sendRaw(String key, byte[]... values) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (byte[] value : values) {
            records.add(new ProducerRecord<>(INPUT, key, value));
        }
        produce(records);
    }

    void produce(List<ProducerRecord<String, byte[]>> records) {
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(Duration.ofSeconds(30));
    }

    /** Waits until the order's version (by update_ts) has been published at least {@code times} times. */
    List<ConsumerRecord<String, byte[]>> awaitPublished(EnrichedOrder order, int times) {
        return awaitCount(OUTPUT, record -> isVersionOf(record, order), times);
    }

    List<ConsumerRecord<String, byte[]>> awaitCount(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted,
            int count) {
        ConsumerTask<String, byte[]> reader = reader(topic);
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> reader.getRecords().stream().filter(wanted).toList(), found -> found.size() >= count);
    }

    ConsumerTask<String, byte[]> reader(String topic) {
        ConsumerTask<String, byte[]> reader = kafka.consume(String.class, byte[].class)
                .withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(topic);
        readers.add(reader);
        return reader;
    }

    static boolean isVersionOf(ConsumerRecord<String, byte[]> record, EnrichedOrder order) {
        VaultOrder published = MessageCodec.decodeVaultOrder(record.value());
        return published.orderId() == order.objectId() && published.updateTs().equals(order.payload().updateTs());
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        readers.forEach(ConsumerTask::close);
        kafka.close();
    }
}
