package io.orderpipeline.e2e.bench;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import io.orderpipeline.shared.vault.DataVaultKeys;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.sample.SampleReferenceData;
import io.orderpipeline.testsupport.warehouse.Warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Backlog throughput, steady-state latency, memory, and this machine's raw Kafka and PostgreSQL rates
 * and the pipeline at one message per transaction as yardsticks. Everything on one 2-core machine.
 */
public final class Benchmark {

    private static final String ORDERS_APPLIED = "SELECT count(*) FROM cdm.order_state";
    private static final String APPLIED_AT = """
            SELECT order_id, extract(epoch FROM updated_at) * 1000 FROM cdm.order_state""";

    private final Devstack devstack;
    private final Path projectRoot;
    private final int backlogOrders;
    private final int steadyRate;
    private final int steadySeconds;
    private final BenchmarkReport report = new BenchmarkReport();
    private final SampleReferenceData references = SampleReferenceData.generate(1, 2_000);

    public Benchmark(Devstack devstack, Path projectRoot, int backlogOrders, int steadyRate, int steadySeconds) {
        this.devstack = devstack;
        this.projectRoot = projectRoot;
        this.backlogOrders = backlogOrders;
        this.steadyRate = steadyRate;
        this.steadySeconds = steadySeconds;
    }

    public void run() {
        try (ReferenceDataStore redis = ReferenceDataStore.of(devstack)) {
            redis.load(references);
        }
        byte[] typicalEvent = SampleOrders.generate(1, references, SampleOrders.Options.clean(1, 1)).get(0).json();

        double kafkaProduce = RawReferences.kafkaProduceRate(devstack.kafka().bootstrapServers(), "benchmark-raw",
                typicalEvent, 200_000);
        double kafkaConsume = RawReferences.kafkaConsumeRate(devstack.kafka().bootstrapServers(), "benchmark-raw", 200_000);
        double postgresUpsert = RawReferences.postgresUpsertRate(devstack.postgres().jdbcUrl(),
                devstack.postgres().username(), devstack.postgres().password(), new String(typicalEvent), 100_000);

        List<SampleOrders.Message> backlog = SampleOrders.finalStates(SampleOrders.generate(2, references,
                SampleOrders.Options.clean(backlogOrders, 10_000_000)));
        PipelineStack stack = new PipelineStack(devstack, new PipelineStack.Options(projectRoot, ServiceRuntime.configured(), 1, 3, 0, Map.of()));
        stack.produce(backlog);
        long started = System.nanoTime();
        stack.start();
        double startup = seconds(started);
        ThroughputSampler sampler = new ThroughputSampler(stack);
        awaitApplied(devstack, backlog.size(), Duration.ofMinutes(10));
        double backlogSeconds = seconds(started) - startup;
        sampler.close();
        Map<String, Double> stageRates = stageRates(sampler.samples());
        ExpectedMarts expected = ExpectedMarts.of(backlog, references);
        if (!Warehouse.of(devstack.postgres()).productCounters().equals(expected.productCounters())) {
            throw new AssertionError("after the backlog the product mart differs from the oracle");
        }

        List<Double> latencies = steady(stack);
        Map<String, Long> peakRss = new HashMap<>();
        stack.all().forEach(service -> peakRss.put(service.name(), service.peakResidentBytes()));
        stack.close();

        double singleMessageRate = oneMessagePerTransaction(backlog.size() + latencies.size());

        double endToEnd = backlog.size() / backlogSeconds;
        report.row("backlog: orders", String.format(Locale.ROOT, "%,d", backlog.size()), "one final-state message per order, preloaded");
        report.row("backlog: wall time to complete marts", String.format(Locale.ROOT, "%.1f s", backlogSeconds),
                String.format(Locale.ROOT, "after %.1f s start-up of the three JVMs", startup));
        report.row("backlog: end to end", rate(endToEnd, "orders/s"), ratios(endToEnd, kafkaConsume, postgresUpsert));
        for (String stage : PipelineStack.SERVICES) {
            double stageRate = stageRates.getOrDefault(stage, 0.0);
            report.row("backlog: " + stage + " peak", rate(stageRate, "records/s"), ratios(stageRate, kafkaConsume, postgresUpsert));
        }
        report.row("steady " + steadyRate + " orders/s: latency p50", millis(percentile(latencies, 50)), "input record timestamp → cdm transaction");
        report.row("steady: latency p95", millis(percentile(latencies, 95)), latencies.size() + " orders");
        report.row("steady: latency p99", millis(percentile(latencies, 99)), "");
        peakRss.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> report.row(
                "peak RSS " + entry.getKey(), String.format(Locale.ROOT, "%.0f MiB", entry.getValue() / 1048576.0),
                "JVM mode, -Xmx96m, SerialGC"));
        report.row("reference: Kafka produce", rate(kafkaProduce, "records/s"), "one producer, acks=all");
        report.row("reference: Kafka consume", rate(kafkaConsume, "records/s"), "one consumer");
        report.row("reference: PostgreSQL batched upsert", rate(postgresUpsert, "rows/s"), "500 rows a statement and transaction");
        report.row("reference: pipeline at batch size 1", rate(singleMessageRate, "orders/s"),
                String.format(Locale.ROOT, "batching is %.1f× faster", endToEnd / singleMessageRate));
        report.note("Machine: " + Runtime.getRuntime().availableProcessors() + " cores; Kafka, PostgreSQL, Redis, the three "
                + "services and the load generator all share it.");
        report.note("Latency is measured per order, from the Kafka timestamp of its last version to the start of the cdm "
                + "transaction that applied it (cdm.order_state.updated_at).");
        System.out.println("\n" + report.table());
        report.write(projectRoot.resolve("e2e/target/benchmark"), sampler.samples());
        System.out.println("Report: " + projectRoot.resolve("e2e/target/benchmark/benchmark.md"));
    }

    /** Orders at a fixed rate for a fixed time; returns each order's latency in ms. */
    private List<Double> steady(PipelineStack stack) {
        int orders = steadyRate * steadySeconds;
        List<SampleOrders.Message> messages = SampleOrders.finalStates(SampleOrders.generate(3, references,
                SampleOrders.Options.clean(orders, 20_000_000)));
        Map<UUID, Long> sentAt = new HashMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < messages.size(); i++) {
            long due = started + (long) (i * 1e9 / steadyRate);
            // Park, not spin: a spinning load generator would take one of the machine's two cores.
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            SampleOrders.Message message = messages.get(i);
            sentAt.put(DataVaultKeys.hubKey(Long.toString(message.event().objectId())), System.currentTimeMillis());
            stack.send(message.json());
        }
        stack.flush();
        awaitApplied(devstack, backlogOrders + messages.size(), Duration.ofMinutes(5));
        List<Double> latencies = new ArrayList<>();
        query(devstack, APPLIED_AT, row -> {
            Long sent = sentAt.get(row.getObject(1, UUID.class));
            if (sent != null) {
                latencies.add(row.getDouble(2) - sent);
            }
        });
        latencies.sort(Double::compare);
        return latencies;
    }

    /** The same pipeline, on the same stack, made to take one message per poll and so per transaction. */
    private double oneMessagePerTransaction(long alreadyApplied) {
        List<SampleOrders.Message> orders = SampleOrders.finalStates(SampleOrders.generate(4, references,
                SampleOrders.Options.clean(3_000, 30_000_000)));
        Map<String, Map<String, String>> batchOfOne = Map.of(
                "stg", Map.of("mp.messaging.incoming.raw-orders.max.poll.records", "1"),
                "dds", Map.of("mp.messaging.incoming.enriched-orders.max.poll.records", "1"),
                "cdm", Map.of("mp.messaging.incoming.vault-orders.max.poll.records", "1"));
        try (PipelineStack stack = new PipelineStack(devstack, new PipelineStack.Options(projectRoot, ServiceRuntime.configured(), 1, 3, 0, batchOfOne))) {
            stack.start();
            long started = System.nanoTime();
            stack.produce(orders);
            awaitApplied(devstack, alreadyApplied + orders.size(), Duration.ofMinutes(10));
            return orders.size() / seconds(started);
        }
    }

    private static void awaitApplied(Devstack devstack, long orders, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long[] applied = new long[1];
            try {
                query(devstack, ORDERS_APPLIED, row -> applied[0] = row.getLong(1));
            } catch (IllegalStateException notYetMigrated) {
                applied[0] = 0;
            }
            if (applied[0] >= orders) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("cdm did not apply " + orders + " orders within " + timeout);
    }

    /** The best sustained rate of each stage: the highest records/s over any 2-second window. */
    private static Map<String, Double> stageRates(List<ThroughputSampler.Sample> samples) {
        Map<String, Double> best = new HashMap<>();
        for (int i = 4; i < samples.size(); i++) {
            ThroughputSampler.Sample a = samples.get(i - 4), b = samples.get(i);
            for (String stage : PipelineStack.SERVICES) {
                double rate = (b.consumed().get(stage) - a.consumed().get(stage)) / (b.seconds() - a.seconds());
                best.merge(stage, rate, Math::max);
            }
        }
        return best;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(Devstack devstack, String sql, RowReader reader) {
        try (Connection connection = DriverManager.getConnection(devstack.postgres().jdbcUrl(),
                devstack.postgres().username(), devstack.postgres().password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static double percentile(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static String ratios(double value, double kafkaConsume, double postgresUpsert) {
        return String.format(Locale.ROOT, "%.0f%% of Kafka consume, %.0f%% of PostgreSQL upsert",
                100 * value / kafkaConsume, 100 * value / postgresUpsert);
    }

    private static String rate(double value, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s", value, unit);
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.0f ms", value);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
