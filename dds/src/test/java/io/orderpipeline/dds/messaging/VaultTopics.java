package io.orderpipeline.dds.messaging;

import io.orderpipeline.devstack.KafkaBroker;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.testsupport.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;

/** The dds topics as a test sees them: enriched orders in, vault orders and dead letters out. */
final class VaultTopics implements AutoCloseable {

    static final String INPUT = "stg-service-orders";
    static final String OUTPUT = "dds-service-orders";
    static final String DEAD_LETTERS = "dds-service-dlq";

    private final Topics topics;

    VaultTopics(KafkaBroker broker) {
        this(new Topics(broker));
    }

    VaultTopics(Topics topics) {
        this.topics = topics;
    }

    Topics topics() {
        return topics;
    }

    /** Sends the orders as stg does, keyed by order id, in one go (so they tend to share a batch). */
    void send(EnrichedOrder... orders) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (EnrichedOrder order : orders) {
            records.add(new ProducerRecord<>(INPUT, order.kafkaKey(), MessageCodec.encode(order)));
        }
        topics.send(records);
    }

    /** Waits until the order's version (by update_ts) has been published at least {@code times} times. */
    List<ConsumerRecord<String, byte[]>> awaitPublished(EnrichedOrder order, int times) {
        return topics.await(OUTPUT, record -> isVersionOf(record, order), times);
    }

    static boolean isVersionOf(ConsumerRecord<String, byte[]> record, EnrichedOrder order) {
        VaultOrder published = MessageCodec.decodeVaultOrder(record.value());
        return published.orderId() == order.objectId() && published.updateTs().equals(order.payload().updateTs());
    }

    @Override
    public void close() {
        topics.close();
    }
}
