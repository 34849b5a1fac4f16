package io.orderpipeline.e2e.stack;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.Ports;
import io.orderpipeline.testsupport.sample.SampleOrders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The whole pipeline on one machine: Kafka, PostgreSQL and Redis from the devstack, and stg, dds and cdm
 * as separate processes (optionally several instances each, in one consumer group per service).
 */
public final class PipelineStack implements AutoCloseable {

    public static final String INPUT = "order-service_orders";
    public static final List<String> SERVICES = List.of("stg", "dds", "cdm");
    public static final Map<String, String> INPUT_OF = Map.of(
            "stg", INPUT, "dds", "stg-service-orders", "cdm", "dds-service-orders");
    public static final Map<String, String> GROUP_OF = Map.of(
            "stg", "stg-service", "dds", "dds-service", "cdm", "cdm-service");
    public static final Map<String, String> DEAD_LETTERS_OF = Map.of(
            "stg", "stg-service-dlq", "dds", "dds-service-dlq", "cdm", "cdm-service-dlq");

    /**
     * Where to find the services' jars, how many instances, on which ports, and system properties to give
     * each service by its name (tuning, e.g. a smaller max.poll.records).
     */
    public record Options(Path projectRoot, ServiceRuntime runtime, int instancesPerService, int partitions,
            int firstHttpPort, Map<String, Map<String, String>> tuning) {
        public static Options forTests(Path projectRoot) {
            return new Options(projectRoot, ServiceRuntime.configured(), 1, 1, 0, Map.of());
        }
    }

    private static final Duration READY = Duration.ofSeconds(90);

    private final Devstack devstack;
    private final Options options;
    private final Path logDirectory;
    private final Map<String, List<ServiceProcess>> services = new HashMap<>();
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;

    public PipelineStack(Devstack devstack, Options options) {
        this.devstack = devstack;
        this.options = options;
        try {
            this.logDirectory = Files.createDirectories(options.projectRoot().resolve("e2e/target/logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Creates the topics and starts every service instance, then waits until all are ready. */
    public PipelineStack start() {
        for (String service : SERVICES) {
            devstack.kafka().createTopic(INPUT_OF.get(service), options.partitions());
            devstack.kafka().createTopic(DEAD_LETTERS_OF.get(service), 1);
        }
        int port = options.firstHttpPort();
        for (String service : SERVICES) {
            List<ServiceProcess> instances = new ArrayList<>();
            for (int i = 0; i < options.instancesPerService(); i++) {
                String name = options.instancesPerService() == 1 ? service : service + "-" + (i + 1);
                instances.add(newInstance(service, name, port == 0 ? Ports.pickFree() : port++));
            }
            services.put(service, instances);
        }
        all().forEach(ServiceProcess::start);
        all().forEach(process -> process.awaitReady(READY));
        return this;
    }

    /**
     * What an autoscaler does to a Deployment: starts instances until the service has {@code count} and waits until
     * they are ready, or stops the newest ones with SIGTERM (a pod's graceful termination) and waits until they exit;
     * then until the consumer group has settled with a share for each ({@code count} at most the partitions).
     */
    public void scale(String service, int count) {
        List<ServiceProcess> instances = services.get(service);
        List<ServiceProcess> added = new ArrayList<>();
        while (instances.size() < count) {
            ServiceProcess instance = newInstance(service, service + "-" + (instances.size() + 1), Ports.pickFree());
            instances.add(instance);
            added.add(instance);
        }
        added.forEach(ServiceProcess::start);
        added.forEach(process -> process.awaitReady(READY));
        while (instances.size() > count) {
            instances.remove(instances.size() - 1).close();
        }
        awaitAssigned(service, count);
    }

    /** Waits until the service's consumer group has {@code members} members, each with partitions to work on. */
    private void awaitAssigned(String service, int members) {
        Instant deadline = Instant.now().plus(READY);
        String group = GROUP_OF.get(service);
        while (true) {
            try {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                        .describedGroups().get(group).get(10, TimeUnit.SECONDS);
                if (description.members().size() == members && description.members().stream()
                        .allMatch(member -> !member.assignment().topicPartitions().isEmpty())) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // the group is rebalancing or the broker is busy: ask again
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(group + " did not settle on " + members + " members within " + READY);
            }
            sleep(250);
        }
    }

    private ServiceProcess newInstance(String service, String name, int httpPort) {
        return new ServiceProcess(name, options.runtime(), options.runtime().artifact(options.projectRoot(), service),
                httpPort, devstack.quarkusConfig(), options.tuning().getOrDefault(service, Map.of()), logDirectory);
    }

    public List<ServiceProcess> instances(String service) {
        return services.get(service);
    }

    public List<ServiceProcess> all() {
        return SERVICES.stream().flatMap(service -> services.getOrDefault(service, List.of()).stream()).toList();
    }

    public Devstack devstack() {
        return devstack;
    }

    public String bootstrapServers() {
        return devstack.kafka().bootstrapServers();
    }

    /** Produces the messages in order (key null, as upstream) and waits for the broker's acknowledgement. */
    public void produce(List<SampleOrders.Message> messages) {
        for (SampleOrders.Message message : messages) {
            producer.send(new ProducerRecord<>(INPUT, null, message.json()));
        }
        producer.flush();
    }

    /**
     * Hands one message to the producer without waiting for the broker, as a paced feed needs: waiting for each
     * acknowledgement held the feed to the broker's round trip. {@link #flush()} waits for all of them.
     */
    public void send(byte[] value) {
        producer.send(new ProducerRecord<>(INPUT, null, value));
    }

    public void flush() {
        producer.flush();
    }

    /** Waits until every service's consumer group has committed everything on its input topic. */
    public void awaitDrained(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (totalLag() == 0) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("the pipeline did not drain within " + timeout + "; lag per service: " + lag());
    }

    public long totalLag() {
        return lag().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records on each service's input topic that its group has not committed yet. */
    public Map<String, Long> lag() {
        Map<String, Long> lag = new HashMap<>();
        for (String service : SERVICES) {
            lag.put(service, lag(INPUT_OF.get(service), GROUP_OF.get(service)));
        }
        return lag;
    }

    /** Records on a topic: the sum of its partitions' end offsets. */
    public long endOffset(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private long lag(String topic, String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : endOffsets(topic).entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag += end.getValue() - (offset == null ? 0 : offset.offset());
            }
            return lag;
        } catch (Exception e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> result = new HashMap<>();
            ends.forEach((partition, info) -> result.put(partition, info.offset()));
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
    }

    @Override
    public void close() {
        all().forEach(ServiceProcess::terminate);
        all().forEach(ServiceProcess::close);
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
