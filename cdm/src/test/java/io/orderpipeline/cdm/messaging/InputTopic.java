package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The topic cdm consumes, as the tests use it: produce order versions keyed by user as dds does, and wait
 * until a consumer group has committed everything on it, which it does only after the transaction that applied
 * the records has committed.
 */
final class InputTopic implements AutoCloseable {

    static final String TOPIC = "dds-service-orders";
    static final String DEAD_LETTERS = "cdm-service-dlq";
    static final String GROUP = "cdm-service";

    /** The broker the running application uses. */
    final KafkaCompanion kafka = new KafkaCompanion(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    private final String topic;

    InputTopic() {
        this(TOPIC);
    }

    /** Another topic, for a test whose profile points the service at it. */
    InputTopic(String topic) {
        this.topic = topic;
    }

    void produce(VaultOrder... orders) {
        produce(List.of(orders));
    }

    void produce(List<VaultOrder> orders) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(orders.size());
        for (VaultOrder order : orders) {
            records.add(new ProducerRecord<>(topic, order.kafkaKey(), MessageCodec.encode(order)));
        }
        produceRecords(records);
    }

    void produceRecords(List<ProducerRecord<String, byte[]>> records) {
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(Duration.ofSeconds(60));
    }

    /** Produces the orders and waits until the service has applied them and everything before them. */
    void produceAndAwaitApplied(VaultOrder... orders) {
        produce(orders);
        awaitCaughtUp(GROUP, Duration.ofSeconds(60));
    }

    void awaitCaughtUp(String group, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> lag(group) == 0);
    }

    /** Records on the topic that the group has not committed yet. */
    long lag(String group) {
        Map<TopicPartition, Long> ends = endOffsets();
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.consumerGroups().offsets(group,
                List.copyOf(ends.keySet()));
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            lag += end.getValue() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    Map<TopicPartition, Long> endOffsets() {
        TopicDescription description = kafka.topics().describe(topic).get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(partition -> new TopicPartition(topic, partition.partition()),
                        partition -> OffsetSpec.latest()));
        return kafka.offsets().list(latest).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, end -> end.getValue().offset()));
    }

    @Override
    public void close() {
        kafka.close();
    }
}
