package io.orderpipeline.ops.status;

import io.orderpipeline.ops.PipelineService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A service's consumer group as the broker reports it: its state and members, and per partition of the topic it
 * reads the committed offset, the end offset and the lag between them (from the start of the partition when the
 * group has committed nothing there).
 */
record ConsumerLag(String group, String state, int members, List<Partition> partitions) {

    record Partition(TopicPartition partition, Long committed, long end, long lag) {
    }

    long total() {
        return partitions.stream().mapToLong(Partition::lag).sum();
    }

    static ConsumerLag of(Admin admin, PipelineService service) throws ExecutionException, InterruptedException {
        String topic = service.sourceTopic();
        String group = service.serviceName();
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        List<TopicPartition> partitions = description.partitions().stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = ifTheGroupExists(
                () -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(), Map.of());
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(admin, partitions, OffsetSpec.earliest());
        List<Partition> lags = partitions.stream().map(partition -> {
            OffsetAndMetadata commit = committed.get(partition);
            long end = ends.get(partition).offset();
            long from = commit == null ? starts.get(partition).offset() : commit.offset();
            return new Partition(partition, commit == null ? null : commit.offset(), end, Math.max(0, end - from));
        }).toList();
        ConsumerGroupDescription members = ifTheGroupExists(
                () -> admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(), null);
        return members == null ? new ConsumerLag(group, "no such group yet", 0, lags)
                : new ConsumerLag(group, String.valueOf(members.groupState()), members.members().size(), lags);
    }

    private interface AdminCall<T> {
        T call() throws ExecutionException, InterruptedException;
    }

    /** A group the service has not joined yet is not an error here: it has read nothing, and lags by everything. */
    private static <T> T ifTheGroupExists(AdminCall<T> call, T otherwise)
            throws ExecutionException, InterruptedException {
        try {
            return call.call();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return otherwise;
            }
            throw e;
        }
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions,
            OffsetSpec spec) throws ExecutionException, InterruptedException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> spec)))
                .all().get();
    }
}
