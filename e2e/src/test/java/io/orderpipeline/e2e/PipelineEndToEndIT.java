package io.orderpipeline.e2e;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceMetrics;
import io.orderpipeline.e2e.stack.ServiceProcess;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import io.orderpipeline.shared.message.IncomingEvent;
import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.sample.SampleReferenceData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.orderpipeline.e2e.EndToEndSupport.assertDeadLetters;
import static io.orderpipeline.e2e.EndToEndSupport.assertWarehouseMatches;
import static io.orderpipeline.e2e.EndToEndSupport.marts;

/**
 * stg, dds and cdm as real processes on real Kafka, PostgreSQL and Redis, fed by the generator; the marts
 * are compared row for row with the oracle. Each test has a fresh stack.
 */
class PipelineEndToEndIT {

    private static final Duration DRAIN = Duration.ofMinutes(3);
    /** stg.max-items-per-order's default. */
    private static final int MAX_ITEMS_PER_ORDER = 1_000;

    Devstack devstack;
    SampleReferenceData references;

    @BeforeEach
    void startInfrastructure() {
        devstack = Devstack.start(DevstackOptions.defaults());
        references = SampleReferenceData.generate(7, 40);
        try (ReferenceDataStore redis = ReferenceDataStore.of(devstack)) {
            redis.load(references);
        }
    }

    @AfterEach
    void stopInfrastructure() {
        devstack.close();
    }

    @Test
    void twoInstancesOfEachServiceOnThreePartitionsProduceExactlyTheExpectedMarts() {
        List<SampleOrders.Message> input = SampleOrders.generate(11, references, SampleOrders.Options.realistic(600));
        try (PipelineStack stack = new PipelineStack(devstack, options(2)).start()) {
            stack.produce(input);
            stack.awaitDrained(DRAIN);

            assertWarehouseMatches(marts(devstack), ExpectedMarts.of(input, references));
            assertDeadLetters(stack, EndToEndSupport.poisonCount(input));
        }
    }

    @Test
    void survivesKilledServicesAndRestartedInfrastructureWithExactMarts() {
        List<SampleOrders.Message> input = SampleOrders.generate(13, references, SampleOrders.Options.realistic(900));
        List<List<SampleOrders.Message>> chunks = chunks(input, 6);
        Random random = new Random(13);
        try (PipelineStack stack = new PipelineStack(devstack, options(1)).start()) {
            for (int i = 0; i < chunks.size(); i++) {
                stack.produce(chunks.get(i));
                pause(random.nextInt(400));
                switch (i) {
                    case 0, 1, 2 -> {
                        var victim = stack.instances(PipelineStack.SERVICES.get(i)).get(0);
                        victim.kill();
                        victim.start();
                        victim.awaitReady(Duration.ofSeconds(90));
                    }
                    case 3 -> {
                        devstack.postgres().stop();
                        pause(3000);
                        devstack.postgres().start();
                    }
                    case 4 -> {
                        devstack.redis().stop();
                        pause(3000);
                        devstack.redis().start();
                    }
                    case 5 -> devstack.kafka().restart();
                    default -> throw new IllegalStateException();
                }
            }
            stack.awaitDrained(DRAIN);

            assertWarehouseMatches(marts(devstack), ExpectedMarts.of(input, references));
            assertDeadLetters(stack, EndToEndSupport.poisonCount(input));
        }
    }

    /**
     * What the autoscaling components do (deploy/autoscaling/): dds scaled out to one instance per partition under a
     * backlog, each new instance taking its share, then scaled in with graceful stops while orders keep coming.
     */
    @Test
    void scalingOutUnderABacklogSharesTheWorkAndScalingInDuringTrafficLosesNothing() {
        int partitions = 6;
        List<SampleOrders.Message> input = SampleOrders.generate(19, references, SampleOrders.Options.realistic(1500));
        List<List<SampleOrders.Message>> thirds = chunks(input, 3);
        try (PipelineStack stack = new PipelineStack(devstack, new PipelineStack.Options(EndToEndSupport.projectRoot(),
                ServiceRuntime.configured(), 1, partitions, 0, Map.of())).start()) {
            stack.produce(thirds.get(0));
            stack.scale("dds", partitions);
            stack.produce(thirds.get(1));
            awaitEveryInstanceConsumed(stack.instances("dds"));

            Thread feed = new Thread(() -> stack.produce(thirds.get(2)), "feed during scale-in");
            feed.start();
            stack.scale("dds", 1);
            join(feed);
            stack.awaitDrained(DRAIN);

            assertWarehouseMatches(marts(devstack), ExpectedMarts.of(input, references));
            assertDeadLetters(stack, EndToEndSupport.poisonCount(input));
        }
    }

    /** Every instance of a scaled-out service has consumed records of its own: the group gave each partitions. */
    private static void awaitEveryInstanceConsumed(List<ServiceProcess> instances) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (instances.stream().anyMatch(instance -> ServiceMetrics.parse(instance.metrics()).consumed() == 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("instances that consumed nothing after " + DRAIN + ": " + instances.stream()
                        .filter(instance -> ServiceMetrics.parse(instance.metrics()).consumed() == 0)
                        .map(ServiceProcess::name).toList());
            }
            pause(250);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deadLettersEveryMutatedMessageAndDeliversEveryGoodOne() {
        List<SampleOrders.Message> good = SampleOrders.generate(17, references,
                new SampleOrders.Options(300, 0.05, 0.05, 0, 1_000_000));
        Random random = new Random(17);
        List<SampleOrders.Message> input = new ArrayList<>();
        for (SampleOrders.Message message : good) {
            input.add(message);
            if (random.nextInt(3) == 0) {
                input.add(asReceived(Mutations.mutate(message.json(), random)));
            }
        }
        try (PipelineStack stack = new PipelineStack(devstack, options(1)).start()) {
            stack.produce(input);
            stack.awaitDrained(DRAIN);

            assertWarehouseMatches(marts(devstack), ExpectedMarts.of(input, references));
            assertDeadLetters(stack, EndToEndSupport.poisonCount(input));
            EndToEndSupport.assertLogsAreJsonLinesOnly(stack);
        }
    }

    /** A message as the pipeline will judge it: poison if the codec rejects it, or it has more lines than stg takes. */
    private static SampleOrders.Message asReceived(byte[] json) {
        try {
            IncomingEvent event = MessageCodec.decodeIncomingEvent(json);
            OrderEvent order = event instanceof IncomingEvent.Order received ? received.event() : null;
            boolean tooManyLines = order != null && order.payload().orderItems().size() > MAX_ITEMS_PER_ORDER;
            return new SampleOrders.Message(json, tooManyLines ? null : order);
        } catch (InvalidMessageException e) {
            return new SampleOrders.Message(json, null);
        }
    }

    private PipelineStack.Options options(int instances) {
        return new PipelineStack.Options(EndToEndSupport.projectRoot(), ServiceRuntime.configured(), instances, 3, 0, Map.of());
    }

    private static List<List<SampleOrders.Message>> chunks(List<SampleOrders.Message> input, int count) {
        List<List<SampleOrders.Message>> chunks = new ArrayList<>();
        int size = (input.size() + count - 1) / count;
        for (int i = 0; i < input.size(); i += size) {
            chunks.add(input.subList(i, Math.min(input.size(), i + size)));
        }
        return chunks;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ways a message goes bad on the wire or upstream. */
    static final class Mutations {
        static byte[] mutate(byte[] json, Random random) {
            String text = new String(json, StandardCharsets.UTF_8);
            return switch (random.nextInt(8)) {
                case 0 -> java.util.Arrays.copyOf(json, 1 + random.nextInt(json.length - 1));
                case 1 -> text.replaceFirst("\"cost\":[0-9.]+", "\"cost\":\"a lot\"").getBytes(StandardCharsets.UTF_8);
                case 2 -> text.replaceFirst("\"name\":\"[^\"]*\"", "\"name\":\"" + "Щ".repeat(20_000) + "\"")
                        .getBytes(StandardCharsets.UTF_8);
                case 3 -> {
                    byte[] broken = json.clone();
                    int at = text.indexOf("\"name\":\"") + 8;
                    broken[at] = (byte) 0xC3;
                    broken[at + 1] = (byte) 0x28;
                    yield broken;
                }
                case 4 -> text.replaceFirst("\"object_id\":[0-9]+", "\"object_id\":[]").getBytes(StandardCharsets.UTF_8);
                // a line break and a forged log line in a name; a negative price; more lines than an order may have
                case 5 -> text.replaceFirst("\"name\":\"([^\"]*)\"",
                        "\"name\":\"$1\\\\n" + EndToEndSupport.FORGED_LINE + "\"").getBytes(StandardCharsets.UTF_8);
                case 6 -> text.replaceFirst("\"price\":([0-9])", "\"price\":-$1").getBytes(StandardCharsets.UTF_8);
                default -> text.replaceFirst("\"order_items\":\\[(\\{[^}]*})", "\"order_items\":[" + "$1,".repeat(1_001) + "$1")
                        .getBytes(StandardCharsets.UTF_8);
            };
        }
    }
}
