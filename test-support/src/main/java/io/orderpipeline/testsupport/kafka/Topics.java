package io.orderpipeline.testsupport.kafka;

import io.orderpipeline.devstack.KafkaBroker;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Kafka as a test sees it: send records, read a topic from its start, wait for what a service publishes or for a
 * consumer group to catch up. Every reader it opens is closed with it.
 */
public final class Topics implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final KafkaCompanion kafka;
    private final List<ConsumerTask<String, byte[]>> readers = new ArrayList<>();

    public Topics(KafkaBroker broker) {
        kafka = new KafkaCompanion(broker.bootstrapServers());
        kafka.setCommonClientConfig(broker.clientConfig());
    }

    /** A plain broker, known only by its address (as a test profile's application knows it). */
    public Topics(String bootstrapServers) {
        kafka = new KafkaCompanion(bootstrapServers);
    }

    public KafkaCompanion companion() {
        return kafka;
    }

    public void create(String topic, int partitions) {
        if (!kafka.topics().list().contains(topic)) {
            kafka.topics().createAndWait(topic, partitions);
        }
    }

    /** Sends each value with this key (null, as upstream sends), in one go, and waits for the broker. */
    public void send(String topic, String key, byte[]... values) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(values.length);
        for (byte[] value : values) {
            records.add(new ProducerRecord<>(topic, key, value));
        }
        send(records);
    }

    public void send(List<ProducerRecord<String, byte[]>> records) {
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(PATIENCE);
    }

    /** A reader of the whole topic, from its first record, in a consumer group of its own. */
    public ConsumerTask<String, byte[]> read(String topic) {
        ConsumerTask<String, byte[]> reader = kafka.consume(String.class, byte[].class)
                .withGroupId("test-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(topic);
        readers.add(reader);
        return reader;
    }

    /** Waits until the topic holds at least {@code count} records that match, and returns those. */
    public List<ConsumerRecord<String, byte[]>> await(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted,
            int count) {
        ConsumerTask<String, byte[]> reader = read(topic);
        return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> reader.getRecords().stream().filter(wanted).toList(), found -> found.size() >= count);
    }

    public ConsumerRecord<String, byte[]> awaitOne(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        return await(topic, wanted, 1).get(0);
    }

    /** Everything on the topic so far: read up to its end offsets. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        ConsumerTask<String, byte[]> reader = read(topic);
        long end = endOffset(topic);
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> reader.getRecords().size() >= end);
        return reader.getRecords();
    }

    /** Waits until the group has committed every record of the topic, which it does only after processing them. */
    public void awaitCaughtUp(String topic, String group) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> lag(topic, group) == 0);
    }

    /** Records on the topic that the group has not committed yet. */
    public long lag(String topic, String group) {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.consumerGroups().offsets(group,
                List.copyOf(ends.keySet()));
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            lag += end.getValue() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    /** Records ever written to the topic: the sum of its partitions' end offsets. */
    public long endOffset(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        if (!kafka.topics().list().contains(topic)) {
            return Map.of();
        }
        TopicDescription description = kafka.topics().describe(topic).get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(partition -> new TopicPartition(topic, partition.partition()),
                        partition -> OffsetSpec.latest()));
        return kafka.offsets().list(latest).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, end -> end.getValue().offset()));
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        readers.forEach(ConsumerTask::close);
        kafka.close();
    }
}
