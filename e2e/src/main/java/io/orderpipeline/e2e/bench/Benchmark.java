package io.orderpipeline.e2e.bench;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ProcessStats;
import io.orderpipeline.e2e.stack.ServiceProcess;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import io.orderpipeline.shared.vault.DataVaultKeys;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.sample.SampleReferenceData;
import io.orderpipeline.testsupport.warehouse.Row;
import io.orderpipeline.testsupport.warehouse.Warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * The pipeline measured as production would run it, on this machine, for each runtime (JVM, native) in one run:
 * a history backlog (one final-state message per order) and the upstream's real stream (several versions per
 * order, duplicates, poison) on a durable PostgreSQL, then a steady rate for latency; with the CPU each process
 * used, memory, start-up and, on the JVM, flame graphs. This machine's raw Kafka and PostgreSQL rates, measured
 * in the same run, are the yardsticks. It checks the marts against the oracle and asserts nothing about speed.
 */
public final class Benchmark {

    /**
     * What to measure: orders in each backlog, the steady rate and how long, on which runtimes and how many
     * partitions, and properties to give each service by its name (to try a setting before making it the default).
     */
    public record Settings(int historyOrders, int streamOrders, int steadyRate, int steadySeconds,
            List<ServiceRuntime> runtimes, int partitions, Map<String, Map<String, String>> tuning) {
    }

    private static final String ORDERS_APPLIED = "SELECT count(*) FROM cdm.order_state";
    /** When cdm wrote each order since a moment (epoch seconds): its transaction's time, in epoch milliseconds. */
    private static final String APPLIED_SINCE = """
            SELECT order_id, extract(epoch FROM updated_at) * 1000 AS applied_ms FROM cdm.order_state
             WHERE updated_at >= to_timestamp(?)""";
    private static final String BROKER_AND_LOAD = "broker + load (test JVM)";
    /** From the consumed record's timestamp to the service's commit. */
    private static final String HOP_LATENCY = "pipeline_hop_latency_seconds";
    /** From a batch's arrival to its results being handed to Kafka. */
    private static final String BATCH_DURATION = "pipeline_batch_duration_seconds";

    private final Path projectRoot;
    private final Settings settings;
    private final Path output;
    private final SampleReferenceData references = SampleReferenceData.generate(1, 2_000);

    public Benchmark(Path projectRoot, Settings settings) {
        this.projectRoot = projectRoot;
        this.settings = settings;
        this.output = projectRoot.resolve("e2e/target/benchmark");
    }

    public void run() throws Exception {
        Files.createDirectories(output);
        BenchmarkReport report = new BenchmarkReport(settings);
        report.references(measureReferences());
        for (ServiceRuntime runtime : settings.runtimes()) {
            report.runtime(runtime, measure(runtime));
        }
        System.out.println("\n" + report.table());
        report.write(output);
        System.out.println("Report: " + output.resolve("benchmark.md"));
    }

    private BenchmarkReport.References measureReferences() {
        try (Devstack devstack = durableDevstack()) {
            byte[] event = typicalEvent();
            String bootstrap = devstack.kafka().bootstrapServers();
            String jdbc = devstack.postgres().jdbcUrl();
            String user = devstack.postgres().username(), password = devstack.postgres().password();
            return new BenchmarkReport.References(
                    RawReferences.kafkaProduceRate(bootstrap, "benchmark-raw", event, 200_000),
                    RawReferences.kafkaConsumeRate(bootstrap, "benchmark-raw", 200_000),
                    RawReferences.postgresUpsertRate(jdbc, user, password, new String(event), 100_000, 500),
                    RawReferences.postgresUpsertRate(jdbc, user, password, new String(event), 1_000, 1),
                    RawReferences.codecDecodeRate(event, 200_000),
                    RawReferences.jsonParseRate(event, 200_000));
        }
    }

    /** Both backlogs and the steady phase on one runtime, on a fresh durable stack. */
    private BenchmarkReport.Figures measure(ServiceRuntime runtime) throws Exception {
        System.out.println("== " + runtime);
        try (Devstack devstack = durableDevstack()) {
            try (ReferenceDataStore redis = ReferenceDataStore.of(devstack)) {
                redis.load(references);
            }
            BenchmarkReport.Figures figures = new BenchmarkReport.Figures(runtime);
            List<SampleOrders.Message> history = SampleOrders.finalStates(SampleOrders.generate(2, references,
                    SampleOrders.Options.clean(settings.historyOrders(), 10_000_000)));
            try (PipelineStack stack = new PipelineStack(devstack, new PipelineStack.Options(projectRoot, runtime, 1,
                    settings.partitions(), 0, settings.tuning()))) {
                stack.start();
                stack.all().forEach(service -> figures.startToReady.put(service.name(), service.startToReady()));
                List<SampleOrders.Message> input = new ArrayList<>(history);
                // 1. The history load, published at once when the services are ready (the clock starts first).
                figures.history = backlog(stack, history, devstack, "history", runtime == ServiceRuntime.JVM);
                // 2. The upstream's stream, all at once: versions, duplicates, late versions and poison.
                List<SampleOrders.Message> stream = SampleOrders.generate(5, references,
                        SampleOrders.Options.realistic(settings.streamOrders()));
                input.addAll(stream);
                figures.stream = backlog(stack, stream, devstack, "stream", false);
                requireExactMarts(devstack, input, runtime + ", after both backlogs");
                // 3. A steady rate: latency end to end and per hop, and memory while it lasts.
                steady(stack, devstack, figures);
            }
            if (runtime == ServiceRuntime.JVM) {
                figures.batchOfOne = oneMessagePerTransaction(devstack, runtime);
            }
            for (String service : PipelineStack.SERVICES) {
                figures.artifacts.put(service, Artifacts.of(projectRoot, runtime, service));
            }
            return figures;
        }
    }

    /** Publishes a backlog at once and measures it until every service has committed all of it. */
    private BenchmarkReport.Backlog backlog(PipelineStack stack, List<SampleOrders.Message> messages, Devstack devstack,
            String name, boolean profile) throws Exception {
        if (profile) {
            stack.all().forEach(service -> Profiler.start(service.pid()));
        }
        stack.all().forEach(ServiceProcess::resetPeakResident);
        Map<String, Double> cpuBefore = cpuSeconds(stack, devstack);
        Map<String, Map<String, Double>> threadsBefore = new LinkedHashMap<>();
        stack.all().forEach(service -> threadsBefore.put(service.name(), ProcessStats.cpuSecondsByThread(service.pid())));
        ThroughputSampler sampler = new ThroughputSampler(stack);
        long started = System.nanoTime();
        stack.produce(messages);
        stack.awaitDrained(Duration.ofMinutes(15));
        double seconds = (System.nanoTime() - started) / 1e9;
        sampler.close();
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpuSeconds(stack, devstack).forEach((process, after) -> cpu.put(process, after - cpuBefore.get(process)));
        Map<String, List<String>> threads = new LinkedHashMap<>();
        stack.all().forEach(service -> threads.put(service.name(), busiestThreads(
                threadsBefore.get(service.name()), ProcessStats.cpuSecondsByThread(service.pid()), cpu.get(service.name()))));
        Map<String, Long> peak = new LinkedHashMap<>();
        stack.all().forEach(service -> peak.put(service.name(), service.peakResidentBytes()));
        Map<String, List<String>> hottest = new LinkedHashMap<>();
        if (profile) {
            for (ServiceProcess service : stack.all()) {
                Path recording = output.resolve(service.name() + ".jfr");
                Profiler.stop(service.pid(), recording);
                FlameGraph flame = FlameGraph.read(recording);
                Files.writeString(output.resolve("flame-" + service.name() + ".svg"), flame.svg(service.name()
                        + " under the history backlog, JVM"));
                hottest.put(service.name(), flame.hottest(8));
            }
        }
        long orders = messages.stream().filter(message -> !message.isPoison())
                .map(message -> message.event().objectId()).distinct().count();
        System.out.printf("   %s backlog: %d orders (%d messages) in %.1f s%n", name, orders, messages.size(), seconds);
        return new BenchmarkReport.Backlog(orders, messages.size(), seconds, cpu, peak, sampler.samples(), hottest,
                threads);
    }

    /** The thread groups that used the most of a process's CPU between two snapshots, with their shares. */
    private static List<String> busiestThreads(Map<String, Double> before, Map<String, Double> after, double total) {
        Map<String, Double> used = new HashMap<>();
        after.forEach((name, seconds) -> used.merge(threadRole(name), seconds - before.getOrDefault(name, 0.0),
                Double::sum));
        return used.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(6)
                .map(entry -> String.format(Locale.ROOT, "%.0f%% %s", 100 * entry.getValue() / total,
                        entry.getKey()))
                .toList();
    }

    /**
     * What a thread does, from the 15 characters of its name Linux keeps: the JVM keeps a name's start
     * ({@code vert.x-eventloo}), a native executable its end ({@code ntloop-thread-#}).
     */
    static String threadRole(String name) {
        if (name.contains("CompilerThre")) {
            return "JIT compiler";
        } else if (name.equals("VM Thread") || name.startsWith("GC ")) {
            return "GC and safepoints";
        } else if (name.startsWith("vert.x-eventloo") || name.equals("ntloop-thread-#")) {
            return "Vert.x event loop";
        } else if (name.startsWith("smallrye-kafka-") || name.equals("nsumer-thread-#")) {
            return "Kafka consumer";
        } else if (name.startsWith("kafka-producer-") || name.equals("oducer-thread-#") || name.endsWith("-orders")
                || name.contains("| ")) {
            return "Kafka producer";
        } else if (name.startsWith("executor-thread") || name.equals("ecutor-thread-#")) {
            return "worker pool";
        }
        return name;
    }

    /** Orders at a fixed rate for a fixed time: each order's latency, each hop's, and memory meanwhile. */
    private void steady(PipelineStack stack, Devstack devstack, BenchmarkReport.Figures figures) {
        int orders = settings.steadyRate() * settings.steadySeconds();
        List<SampleOrders.Message> messages = SampleOrders.finalStates(SampleOrders.generate(3, references,
                SampleOrders.Options.clean(orders, 20_000_000)));
        Warehouse warehouse = Warehouse.of(devstack.postgres());
        long appliedBefore = warehouse.number(ORDERS_APPLIED);
        double since = System.currentTimeMillis() / 1000.0;
        Map<String, Histogram> hopsBefore = histograms(stack, HOP_LATENCY);
        Map<String, Histogram> batchesBefore = histograms(stack, BATCH_DURATION);
        stack.all().forEach(ServiceProcess::resetPeakResident);
        Map<String, Double> cpuBefore = cpuSeconds(stack, devstack);
        Map<UUID, Long> sentAt = new HashMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < messages.size(); i++) {
            long due = started + (long) (i * 1e9 / settings.steadyRate());
            // Park, not spin: a spinning load generator would take one of the machine's two cores.
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            SampleOrders.Message message = messages.get(i);
            sentAt.put(DataVaultKeys.hubKey(Long.toString(message.event().objectId())), System.currentTimeMillis());
            stack.send(message.json());
        }
        stack.flush();
        awaitApplied(warehouse, appliedBefore + messages.size(), Duration.ofMinutes(5));
        figures.steadyOrders = messages.size();
        cpuSeconds(stack, devstack).forEach((process, after) -> figures.steadyCpu.put(process,
                (after - cpuBefore.get(process)) * 1000 / messages.size()));
        stack.all().forEach(service -> figures.steadyPeak.put(service.name(), service.peakResidentBytes()));
        histograms(stack, HOP_LATENCY).forEach((service, after) -> figures.hops.put(service,
                after.since(hopsBefore.get(service))));
        histograms(stack, BATCH_DURATION).forEach((service, after) -> figures.batches.put(service,
                after.since(batchesBefore.get(service))));
        List<Double> latencies = new ArrayList<>();
        for (Row row : warehouse.rows(APPLIED_SINCE, since)) {
            Long sent = sentAt.get(row.getUUID(0));
            if (sent != null) {
                latencies.add(((Number) row.get("applied_ms")).doubleValue() - sent);
            }
        }
        latencies.sort(Double::compare);
        figures.latencies = latencies;
    }

    /** Each service's histogram of that name, as scraped now. */
    private static Map<String, Histogram> histograms(PipelineStack stack, String name) {
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        stack.all().forEach(service -> histograms.put(service.name(), Histogram.parse(service.metrics(), name)));
        return histograms;
    }

    /** The same pipeline made to take one message per poll and so per transaction: what batching buys. */
    private double oneMessagePerTransaction(Devstack devstack, ServiceRuntime runtime) {
        List<SampleOrders.Message> orders = SampleOrders.finalStates(SampleOrders.generate(4, references,
                SampleOrders.Options.clean(1_000, 30_000_000)));
        Map<String, Map<String, String>> batchOfOne = Map.of(
                "stg", Map.of("mp.messaging.incoming.raw-orders.max.poll.records", "1"),
                "dds", Map.of("mp.messaging.incoming.enriched-orders.max.poll.records", "1"),
                "cdm", Map.of("mp.messaging.incoming.vault-orders.max.poll.records", "1"));
        Warehouse warehouse = Warehouse.of(devstack.postgres());
        long applied = warehouse.number(ORDERS_APPLIED);
        try (PipelineStack stack = new PipelineStack(devstack, new PipelineStack.Options(projectRoot, runtime, 1,
                settings.partitions(), 0, batchOfOne))) {
            stack.start();
            long started = System.nanoTime();
            stack.produce(orders);
            awaitApplied(warehouse, applied + orders.size(), Duration.ofMinutes(10));
            return orders.size() / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** CPU seconds used so far by each service, PostgreSQL's processes, Redis, and this JVM (broker and load). */
    private static Map<String, Double> cpuSeconds(PipelineStack stack, Devstack devstack) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        stack.all().forEach(service -> cpu.put(service.name(), ProcessStats.cpuSeconds(service.pid(), false)));
        cpu.put("postgres", ProcessStats.cpuSeconds(devstack.postgres().serverProcessId(), true));
        ProcessHandle.current().descendants()
                .filter(process -> process.info().command().orElse("").contains("redis-server"))
                .findFirst()
                .ifPresent(redis -> cpu.put("redis", ProcessStats.cpuSeconds(redis.pid(), false)));
        cpu.put(BROKER_AND_LOAD, ProcessStats.cpuSeconds(ProcessHandle.current().pid(), false));
        return cpu;
    }

    private void requireExactMarts(Devstack devstack, List<SampleOrders.Message> input, String when) {
        ExpectedMarts expected = ExpectedMarts.of(input, references);
        Warehouse warehouse = Warehouse.of(devstack.postgres());
        if (!warehouse.productCounters().equals(expected.productCounters())
                || !warehouse.categoryCounters().equals(expected.categoryCounters())) {
            throw new AssertionError("the marts differ from the oracle " + when);
        }
    }

    private static Devstack durableDevstack() {
        return Devstack.start(DevstackOptions.defaults().withDurablePostgres(true));
    }

    private byte[] typicalEvent() {
        return SampleOrders.generate(1, references, SampleOrders.Options.clean(1, 1)).get(0).json();
    }

    private static void awaitApplied(Warehouse warehouse, long orders, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (warehouse.number(ORDERS_APPLIED) < orders) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cdm did not apply " + orders + " orders within " + timeout);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
