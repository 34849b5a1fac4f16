package io.orderpipeline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceProcess;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import io.orderpipeline.shared.message.Timestamps;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.warehouse.Warehouse;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What every end-to-end test checks at the end: the warehouse is exactly what the input says. */
final class EndToEndSupport {

    static Path projectRoot() {
        return ServiceRuntime.projectRoot();
    }

    static Warehouse marts(Devstack devstack) {
        return Warehouse.of(devstack.postgres());
    }

    static void assertWarehouseMatches(Warehouse marts, ExpectedMarts expected) {
        assertThat(marts.productCounters()).as("cdm.user_product_counters, row for row")
                .containsExactlyElementsOf(expected.productCounters());
        assertThat(marts.categoryCounters()).as("cdm.user_category_counters, row for row")
                .containsExactlyElementsOf(expected.categoryCounters());
        Map<Long, String> newest = new HashMap<>();
        expected.newestOrders().forEach((id, event) -> newest.put(id, Timestamps.format(event.payload().updateTs())));
        assertThat(marts.stagedVersions()).as("stg.order_events: the newest version of each order")
                .containsExactlyInAnyOrderEntriesOf(newest);
    }

    /**
     * Every line each service wrote is one JSON object (production's log format), so no record's text made a line
     * of its own; and none is the forged line that the mutated input tries to slip in.
     */
    static void assertLogsAreJsonLinesOnly(PipelineStack stack) {
        ObjectMapper json = new ObjectMapper();
        for (ServiceProcess service : stack.all()) {
            List<String> lines = service.logText().lines().filter(line -> !line.isBlank()).toList();
            assertThat(lines).as(service.name() + "'s log").isNotEmpty().allSatisfy(line -> {
                JsonNode record;
                try {
                    record = json.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError(service.name() + " wrote a line that is not JSON: " + line, e);
                }
                assertThat(record.isObject()).as(line).isTrue();
                assertThat(record.path("message").asText()).as(line).doesNotStartWith(FORGED_LINE);
            });
        }
    }

    /** What a record that tries to forge a log line puts after its line break. */
    static final String FORGED_LINE = "2026-11-29 20:00:00,000 INFO  [io.quarkus] (main) FORGED LOG LINE";

    static long poisonCount(java.util.List<SampleOrders.Message> messages) {
        return messages.stream().filter(SampleOrders.Message::isPoison).count();
    }

    /**
     * Every poison record dead-lettered by stg, and nothing else anywhere. Counted by the consumed record each dead
     * letter names: delivery is at least once, so a rebalance that replays a batch not yet committed dead-letters
     * its poison again.
     */
    static void assertDeadLetters(PipelineStack stack, long expectedAtStg) {
        assertThat(deadLetteredRecords(stack.bootstrapServers(), PipelineStack.DEAD_LETTERS_OF.get("stg")))
                .as("records stg dead-lettered").hasSize((int) expectedAtStg);
        assertThat(stack.endOffset(PipelineStack.DEAD_LETTERS_OF.get("dds"))).as("dds dead letters").isZero();
        assertThat(stack.endOffset(PipelineStack.DEAD_LETTERS_OF.get("cdm"))).as("cdm dead letters").isZero();
    }

    /** The consumed records ("partition/offset") that the dead letters on this topic name. */
    private static Set<String> deadLetteredRecords(String bootstrapServers, String topic) {
        Set<String> records = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(header(record, DeadLetterHeaders.PARTITION) + "/" + header(record, DeadLetterHeaders.OFFSET));
                }
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name + " of a dead letter").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private EndToEndSupport() {
    }
}
