package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.testsupport.kafka.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * The topic cdm consumes, as the tests use it: order versions keyed by user as dds sends them, and a wait until the
 * service's consumer group has committed everything on it, which it does only after the transaction that applied
 * the records has committed.
 */
final class InputTopic implements AutoCloseable {

    static final String TOPIC = "dds-service-orders";
    static final String DEAD_LETTERS = "cdm-service-dlq";
    static final String GROUP = "cdm-service";

    private final Topics topics;
    private final String topic;

    InputTopic(Topics topics) {
        this(topics, TOPIC);
    }

    /** Another topic, for a test whose profile points the service at it. */
    InputTopic(Topics topics, String topic) {
        this.topics = topics;
        this.topic = topic;
    }

    Topics topics() {
        return topics;
    }

    void produce(VaultOrder... orders) {
        produce(List.of(orders));
    }

    void produce(List<VaultOrder> orders) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(orders.size());
        for (VaultOrder order : orders) {
            records.add(new ProducerRecord<>(topic, order.kafkaKey(), MessageCodec.encode(order)));
        }
        topics.send(records);
    }

    /** Produces the orders and waits until the service has applied them and everything before them. */
    void produceAndAwaitApplied(VaultOrder... orders) {
        produce(orders);
        topics.awaitCaughtUp(topic, GROUP);
    }

    @Override
    public void close() {
        topics.close();
    }
}
