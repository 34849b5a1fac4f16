package io.orderpipeline.e2e.bench;

import io.orderpipeline.e2e.chart.LineChart;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The benchmark's figures: one column per runtime, printed and written as Markdown with its pictures. */
final class BenchmarkReport {

    /** This machine's limits, measured in the same run. */
    record References(double kafkaProduce, double kafkaConsume, double postgresUpsert, double postgresCommits,
            double codecDecode, double jsonParse) {
    }

    /** One backlog: how many, how long, the CPU each process used, memory, and where the JVMs spent it. */
    record Backlog(long orders, int messages, double seconds, Map<String, Double> cpuSeconds,
            Map<String, Long> peakResident, List<ThroughputSampler.Sample> samples, Map<String, List<String>> hottest,
            Map<String, List<String>> busiestThreads) {
        double ordersPerSecond() {
            return orders / seconds;
        }
    }

    /** Everything measured on one runtime. */
    static final class Figures {
        final ServiceRuntime runtime;
        final Map<String, Double> startToReady = new LinkedHashMap<>();
        final Map<String, Long> steadyPeak = new LinkedHashMap<>();
        /** CPU seconds per 1,000 orders of each process at the steady rate. */
        final Map<String, Double> steadyCpu = new LinkedHashMap<>();
        int steadyOrders;
        final Map<String, Histogram> hops = new LinkedHashMap<>();
        final Map<String, Histogram> batches = new LinkedHashMap<>();
        Backlog history;
        Backlog stream;
        List<Double> latencies = List.of();
        double batchOfOne = Double.NaN;
        final Map<String, Artifacts> artifacts = new LinkedHashMap<>();

        Figures(ServiceRuntime runtime) {
            this.runtime = runtime;
        }
    }

    private static final double MIB = 1024 * 1024;

    private final Benchmark.Settings settings;
    private final Map<ServiceRuntime, Figures> runtimes = new LinkedHashMap<>();
    private References references;

    BenchmarkReport(Benchmark.Settings settings) {
        this.settings = settings;
    }

    void references(References measured) {
        this.references = measured;
    }

    void runtime(ServiceRuntime runtime, Figures figures) {
        runtimes.put(runtime, figures);
    }

    String table() {
        List<String[]> rows = new ArrayList<>();
        String header = "| figure | " + String.join(" | ", runtimes.keySet().stream().map(Enum::name).toList())
                + " | compared with |";
        row(rows, "history backlog: orders/s end to end", f -> rate(f.history.ordersPerSecond()),
                String.format(Locale.ROOT, "%,d orders, one final-state message each, published at once; ",
                        settings.historyOrders()) + ofLimits(best(f -> f.history.ordersPerSecond())));
        row(rows, "history backlog: time until all committed", f -> String.format(Locale.ROOT, "%.1f s", f.history.seconds()),
                "from the first message published to every service's last commit");
        row(rows, "stream backlog: orders/s end to end", f -> rate(f.stream.ordersPerSecond()),
                String.format(Locale.ROOT, "%,d orders as %,d messages: versions, duplicates, late versions, poison",
                        first().stream.orders(), first().stream.messages()));
        for (String process : first().history.cpuSeconds().keySet()) {
            row(rows, "CPU s per 1,000 orders: " + process, f -> String.format(Locale.ROOT, "%.2f / %.2f",
                    perThousand(f.history, process), perThousand(f.stream, process)), "history / stream backlog");
        }
        row(rows, "CPU s per 1,000 orders: all", f -> String.format(Locale.ROOT, "%.2f / %.2f",
                total(f.history), total(f.stream)), String.format(Locale.ROOT,
                "the machine has %d cores: %.1f CPU s per wall second at most", cores(), (double) cores()));
        row(rows, "CPU busy during the history backlog", f -> String.format(Locale.ROOT, "%.0f%%",
                100 * f.history.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum()
                        / (f.history.seconds() * cores())), "of all cores, every process above");
        row(rows, "steady " + settings.steadyRate() + " orders/s: latency p50 / p95 / p99",
                f -> String.format(Locale.ROOT, "%s / %s / %s ms", ms(percentile(f.latencies, 50)),
                        ms(percentile(f.latencies, 95)), ms(percentile(f.latencies, 99))),
                "sent → cdm's transaction, " + first().latencies.size() + " orders");
        row(rows, "steady: CPU s per 1,000 orders, services / all", f -> String.format(Locale.ROOT, "%.2f / %.2f",
                PipelineStack.SERVICES.stream().mapToDouble(service -> f.steadyCpu.getOrDefault(service, Double.NaN))
                        .sum(), f.steadyCpu.values().stream().mapToDouble(Double::doubleValue).sum()),
                "stg + dds + cdm / every process, while the rate lasts: what an order costs once warmed up");
        row(rows, "steady: records per batch, " + String.join(" / ", PipelineStack.SERVICES),
                f -> String.join(" / ", PipelineStack.SERVICES.stream().map(service -> f.batches.get(service).count() == 0
                        ? "–" : String.format(Locale.ROOT, "%.1f", f.steadyOrders / f.batches.get(service).count()))
                        .toList()),
                "one message per order; every batch costs a transaction, a produce and a commit");
        for (String service : PipelineStack.SERVICES) {
            row(rows, "steady: " + service + " hop p50 / p99", f -> quantiles(f.hops.get(service)),
                    "consumed record's timestamp → this service's commit");
            row(rows, "steady: " + service + " batch p50 / p99", f -> quantiles(f.batches.get(service)),
                    "a batch's arrival → its outputs handed to Kafka");
        }
        for (String service : PipelineStack.SERVICES) {
            row(rows, "peak RSS " + service + ": history / steady", f -> String.format(Locale.ROOT, "%.0f / %.0f MiB",
                    f.history.peakResident().getOrDefault(service, -1L) / MIB, f.steadyPeak.getOrDefault(service, -1L) / MIB),
                    "the original ran in a 128 MiB pod");
        }
        row(rows, "start to ready (slowest service)", f -> String.format(Locale.ROOT, "%.2f s",
                f.startToReady.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)),
                "process start → /q/health/ready UP, " + String.join(", ", PipelineStack.SERVICES) + " started together");
        row(rows, "artifact per service: size / as an image layer (gzip)", f -> String.format(Locale.ROOT,
                "%.0f / %.0f MiB", largest(f, Artifacts::bytes) / MIB, largest(f, Artifacts::layerBytes) / MIB),
                "JVM: target/quarkus-app, on a JRE base image; native: the executable, on a micro base image");
        row(rows, "native build per service: time / builder's peak RSS", f -> f.artifacts.values().stream()
                .map(Artifacts::build).flatMap(Optional::stream)
                .max(Comparator.comparingDouble(Artifacts.NativeBuild::seconds))
                .map(build -> String.format(Locale.ROOT, "%.0f s / %.1f GiB", build.seconds(),
                        build.peakResidentBytes() / MIB / 1024))
                .orElse("–"), "the slowest of the three, from native-image's build statistics");
        row(rows, "pipeline at batch size 1", f -> Double.isNaN(f.batchOfOne) ? "–" : rate(f.batchOfOne),
                "one message per poll and transaction: what batching buys");
        StringBuilder table = new StringBuilder(header).append('\n')
                .append("|---|").append("---:|".repeat(runtimes.size())).append("---|\n");
        rows.forEach(row -> table.append("| ").append(String.join(" | ", row)).append(" |\n"));
        table.append("\nThis machine, same run: Kafka produce ").append(rate(references.kafkaProduce()))
                .append(" records/s, consume ").append(rate(references.kafkaConsume()))
                .append(" records/s; PostgreSQL (fsync on) batched upsert ").append(rate(references.postgresUpsert()))
                .append(" rows/s, one-row commits ").append(rate(references.postgresCommits()))
                .append("/s; the codec decodes and validates ").append(rate(references.codecDecode()))
                .append(" events/s on one core, where Jackson alone parses ").append(rate(references.jsonParse()))
                .append(" (validation and records cost ")
                .append(String.format(Locale.ROOT, "%.0f%%", 100 * (1 - references.codecDecode() / references.jsonParse())))
                .append(" of parsing speed).\n");
        return table.toString();
    }

    void write(Path directory) {
        try {
            StringBuilder markdown = new StringBuilder("# Pipeline benchmark\n\n").append(table()).append('\n');
            for (Figures figures : runtimes.values()) {
                String picture = "throughput-" + figures.runtime.name().toLowerCase(Locale.ROOT) + ".svg";
                Files.writeString(directory.resolve(picture), throughputChart(figures));
                markdown.append("![").append(figures.runtime).append(": records/s per stage during the backlogs](")
                        .append(picture).append(")\n\n");
                for (Map.Entry<String, List<String>> threads : figures.history.busiestThreads().entrySet()) {
                    markdown.append("**").append(threads.getKey()).append("** (").append(figures.runtime)
                            .append("), its CPU during the history backlog by thread: ")
                            .append(String.join(", ", threads.getValue())).append("\n\n");
                }
                for (Map.Entry<String, List<String>> hottest : figures.history.hottest().entrySet()) {
                    markdown.append("**").append(hottest.getKey()).append("** (").append(figures.runtime)
                            .append("), most often on top of the stack: ")
                            .append(String.join(", ", hottest.getValue()))
                            .append(". [Flame graph](flame-").append(hottest.getKey()).append(".svg)\n\n");
                }
            }
            Files.writeString(directory.resolve("benchmark.md"), markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records/s per stage between consecutive samples, through both backlogs. */
    static String throughputChart(Figures figures) {
        List<LineChart> charts = new ArrayList<>();
        for (Backlog backlog : List.of(figures.history, figures.stream)) {
            List<ThroughputSampler.Sample> samples = backlog.samples();
            List<LineChart.Series> stages = new ArrayList<>();
            for (String stage : PipelineStack.SERVICES) {
                List<LineChart.Point> points = new ArrayList<>();
                for (int i = 1; i < samples.size(); i++) {
                    ThroughputSampler.Sample a = samples.get(i - 1), b = samples.get(i);
                    points.add(new LineChart.Point(b.seconds(), (b.consumed().getOrDefault(stage, 0.0)
                            - a.consumed().getOrDefault(stage, 0.0)) / Math.max(0.001, b.seconds() - a.seconds())));
                }
                stages.add(new LineChart.Series(stage, points));
            }
            charts.add(new LineChart(figures.runtime + (backlog == figures.history ? ": history backlog"
                    : ": stream backlog") + ", records consumed per second", "/s", backlog.seconds(), stages));
        }
        return LineChart.svg(charts, 2);
    }

    private void row(List<String[]> rows, String figure, Function<Figures, String> value, String comparedWith) {
        List<String> row = new ArrayList<>(List.of(figure));
        runtimes.values().forEach(figures -> row.add(value.apply(figures)));
        row.add(comparedWith);
        rows.add(row.toArray(String[]::new));
    }

    private Figures first() {
        return runtimes.values().iterator().next();
    }

    private double best(Function<Figures, Double> figure) {
        return runtimes.values().stream().mapToDouble(figure::apply).max().orElse(Double.NaN);
    }

    private String ofLimits(double ordersPerSecond) {
        return String.format(Locale.ROOT, "the best is %.1f%% of Kafka consume, %.1f%% of PostgreSQL batched upsert",
                100 * ordersPerSecond / references.kafkaConsume(), 100 * ordersPerSecond / references.postgresUpsert());
    }

    private static double perThousand(Backlog backlog, String process) {
        return backlog.cpuSeconds().getOrDefault(process, Double.NaN) / backlog.orders() * 1000;
    }

    private static double total(Backlog backlog) {
        return backlog.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum() / backlog.orders() * 1000;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static double percentile(List<Double> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static String quantiles(Histogram seconds) {
        return seconds == null ? "–" : String.format(Locale.ROOT, "%s / %s ms", ms(seconds.quantile(0.5) * 1000),
                ms(seconds.quantile(0.99) * 1000));
    }

    private static double largest(Figures figures, java.util.function.ToLongFunction<Artifacts> size) {
        return figures.artifacts.values().stream().mapToLong(size).max().orElse(-1);
    }

    private static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
