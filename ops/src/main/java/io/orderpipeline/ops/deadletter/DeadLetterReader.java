package io.orderpipeline.ops.deadletter;

import io.orderpipeline.ops.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a whole dead-letter topic, every partition from its first record to the last one there when reading began,
 * in batches, so that a topic of any size takes bounded memory. It joins no consumer group and commits nothing: the
 * services' groups and other readers are not disturbed.
 */
@ApplicationScoped
public class DeadLetterReader {

    private static final Duration POLL = Duration.ofMillis(500);
    /** How long reading may make no progress before it stops with an error rather than wait forever. */
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    private final KafkaClients kafka;

    DeadLetterReader(KafkaClients kafka) {
        this.kafka = kafka;
    }

    public interface BatchHandler {
        void handle(List<DeadLetter> batch);
    }

    /** @throws IllegalArgumentException when the topic does not exist */
    public void read(String topic, BatchHandler handler) {
        try (Consumer<String, byte[]> consumer = kafka.reader("read-" + topic)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic '" + topic + "' does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Set<TopicPartition> unread = new HashSet<>(partitions);
            Instant lastProgress = Instant.now();
            while (true) {
                unread.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
                if (unread.isEmpty()) {
                    return;
                }
                List<DeadLetter> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        batch.add(DeadLetter.of(record));
                    }
                }
                if (!batch.isEmpty()) {
                    handler.handle(batch);
                    lastProgress = Instant.now();
                } else if (Duration.between(lastProgress, Instant.now()).compareTo(STALL_LIMIT) > 0) {
                    throw new IllegalStateException("no record of " + unread + " could be read for " + STALL_LIMIT
                            .toSeconds() + " s");
                }
            }
        }
    }
}
