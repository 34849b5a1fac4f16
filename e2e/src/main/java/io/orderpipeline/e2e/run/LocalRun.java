package io.orderpipeline.e2e.run;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.orderpipeline.e2e.monitoring.Dashboard;
import io.orderpipeline.e2e.monitoring.PrometheusServer;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceMetrics;
import io.orderpipeline.e2e.stack.ServiceProcess;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.sample.SampleReferenceData;
import io.orderpipeline.testsupport.warehouse.Warehouse;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole pipeline on this machine in one command: Kafka, PostgreSQL and Redis on loopback, stg, dds
 * and cdm as separate processes, sample data through them, live progress and a summary.
 */
public final class LocalRun {

    private static final PrintStream OUT = System.out;
    private static final int FIRST_HTTP_PORT = 8081;
    private static final Path ALERT_RULES = Path.of("deploy/monitoring/alerts.yml");
    private static final Path DASHBOARD = Path.of("deploy/monitoring/dashboard.json");
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

    public static void main(String[] args) throws Exception {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path root = ServiceRuntime.projectRoot();
        OUT.println("Starting Kafka, PostgreSQL and Redis on loopback…");
        Devstack devstack = Devstack.start(DevstackOptions.defaults()
                .withKafkaPort(options.kafkaPort())
                .withPostgresPort(options.postgresPort())
                .withRedisPort(options.redisPort()));
        CountDownLatch stopped = new CountDownLatch(1);
        PipelineStack[] stack = new PipelineStack[1];
        PrometheusServer[] prometheus = new PrometheusServer[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            OUT.println("\nStopping everything the local run started…");
            if (prometheus[0] != null) {
                prometheus[0].close();
            }
            if (stack[0] != null) {
                stack[0].close();
            }
            devstack.close();
            stopped.countDown();
        }, "local-run-shutdown"));
        printInfrastructure(devstack);
        if (options.infraOnly()) {
            OUT.println("\nInfrastructure only. Live coding: ./mvnw -pl stg quarkus:dev   (Ctrl-C here stops it all)");
            stopped.await();
            return;
        }

        OUT.println("\nStarting stg, dds and cdm (" + options.instances() + " instance(s) each)…");
        stack[0] = new PipelineStack(devstack, new PipelineStack.Options(root, ServiceRuntime.configured(), options.instances(),
                options.partitions(), FIRST_HTTP_PORT, Map.of())).start();
        stack[0].all().forEach(service -> OUT.printf("  %-6s ready: http://127.0.0.1:%d/q/health  (log: e2e/target/logs/%s.log)%n",
                service.name(), service.httpPort(), service.name()));
        if (options.prometheus()) {
            prometheus[0] = startPrometheus(root, stack[0]);
        }

        Instant publishing = Instant.now();
        if (options.sampleData()) {
            publishSampleData(stack[0], devstack, options);
            if (prometheus[0] != null) {
                drawDashboard(root, prometheus[0], publishing);
            }
        } else {
            OUT.println("\nNo sample data: publish order events to topic " + PipelineStack.INPUT + " at "
                    + devstack.kafka().bootstrapServers());
        }
        if (options.keepRunning() || !options.sampleData()) {
            OUT.println("\nEverything stays up; Ctrl-C stops every process this run started.");
            stopped.await();
        } else {
            System.exit(0);
        }
    }

    private static void publishSampleData(PipelineStack stack, Devstack devstack, RunOptions options) {
        SampleReferenceData references = SampleReferenceData.generate(options.seed(), Math.max(50, options.orders() / 20));
        try (ReferenceDataStore redis = ReferenceDataStore.of(devstack)) {
            redis.load(references);
        }
        List<SampleOrders.Message> messages = SampleOrders.generate(options.seed(), references,
                SampleOrders.Options.realistic(options.orders()));
        OUT.printf("%nLoaded %d users and %d restaurants into Redis; publishing %d orders as %d messages%s…%n",
                references.users().size(), references.restaurants().size(), options.orders(), messages.size(),
                options.rate() > 0 ? " at " + options.rate() + " orders/s" : "");
        Progress progress = new Progress(stack, OUT);
        long started = System.nanoTime();
        if (options.rate() > 0) {
            double messagesPerSecond = options.rate() * (double) messages.size() / options.orders();
            for (int i = 0; i < messages.size(); i++) {
                stack.send(messages.get(i).json());
                long due = started + (long) (i / messagesPerSecond * 1e9);
                sleepUntil(due);
                progress.maybePrint();
            }
            stack.flush();
        } else {
            stack.produce(messages);
        }
        while (stack.totalLag() > 0) {
            progress.maybePrint();
            sleep(Duration.ofMillis(200));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.printSummary(options.orders(), messages.size(), seconds);
        MartSummary.print(Warehouse.of(devstack.postgres()), OUT);
    }

    private static PrometheusServer startPrometheus(Path root, PipelineStack stack) {
        if (PrometheusServer.executable("prometheus").isEmpty()) {
            OUT.println("  No Prometheus: " + PrometheusServer.MISSING);
            return null;
        }
        PrometheusServer prometheus = PrometheusServer.start(root.resolve("e2e/target/prometheus"),
                stack.all().stream().map(service -> "127.0.0.1:" + service.httpPort()).toList(),
                root.resolve(ALERT_RULES), SCRAPE_INTERVAL);
        OUT.println("  Prometheus  " + prometheus.url() + "  (alerts: " + prometheus.url().resolve("/alerts")
                + ", the dashboard's queries: deploy/monitoring/dashboard.json)");
        return prometheus;
    }

    /** What the dashboard's panels showed during the run, drawn once the last scrape has seen the end. */
    private static void drawDashboard(Path root, PrometheusServer prometheus, Instant from) throws IOException {
        sleep(SCRAPE_INTERVAL.multipliedBy(3));
        Path picture = root.resolve("e2e/target/dashboard.svg");
        Files.writeString(picture, Dashboard.read(root.resolve(DASHBOARD))
                .picture(prometheus, from, Instant.now()));
        OUT.println("\nThe dashboard's panels during this run: " + root.relativize(picture));
    }

    private static void printInfrastructure(Devstack devstack) {
        OUT.println("  Kafka       " + devstack.kafka().bootstrapServers());
        OUT.println("  PostgreSQL  psql 'postgresql://" + devstack.postgres().username() + "@127.0.0.1:"
                + devstack.postgres().port() + "/warehouse'   (password: " + devstack.postgres().username() + ")");
        OUT.println("  Redis       redis-cli -p " + devstack.redis().port());
    }

    /** Live per-stage progress, printed at most once a second. */
    private static final class Progress {
        private final PipelineStack stack;
        private final PrintStream out;
        private final long started = System.nanoTime();
        private long lastPrint;
        private final Map<String, Double> firstWorkAt = new LinkedHashMap<>();
        private final Map<String, Double> lastWorkAt = new LinkedHashMap<>();
        private final Map<String, ServiceMetrics> last = new LinkedHashMap<>();

        Progress(PipelineStack stack, PrintStream out) {
            this.stack = stack;
            this.out = out;
        }

        void maybePrint() {
            long now = System.nanoTime();
            if (now - lastPrint < 1_000_000_000L) {
                return;
            }
            lastPrint = now;
            double t = (now - started) / 1e9;
            Map<String, Long> lag = stack.lag();
            StringBuilder line = new StringBuilder(String.format("  %5.1fs", t));
            for (String service : PipelineStack.SERVICES) {
                ServiceMetrics metrics = metricsOf(service);
                ServiceMetrics before = last.put(service, metrics);
                if (metrics.consumed() > 0) {
                    firstWorkAt.putIfAbsent(service, t);
                    if (before == null || metrics.consumed() > before.consumed()) {
                        lastWorkAt.put(service, t);
                    }
                }
                line.append(String.format("  | %s: in %.0f, written %.0f, dlq %.0f, lag %d", service,
                        metrics.consumed(), metrics.stored(), metrics.deadLettered(), lag.get(service)));
            }
            out.println(line);
        }

        void printSummary(int orders, int messages, double seconds) {
            lastPrint = 0;
            maybePrint();
            out.printf("%nAll %d orders (%d messages) went through all three layers in %.1f s: %.0f orders/s end to end.%n",
                    orders, messages, seconds, orders / seconds);
            out.printf("%-5s %10s %10s %10s %12s%n", "stage", "consumed", "written", "dead-lett.", "records/s");
            for (String service : PipelineStack.SERVICES) {
                ServiceMetrics metrics = last.get(service);
                double busy = Math.max(0.001, lastWorkAt.getOrDefault(service, seconds) - firstWorkAt.getOrDefault(service, 0.0));
                out.printf("%-5s %10.0f %10.0f %10.0f %12.0f%n", service, metrics.consumed(), metrics.stored(),
                        metrics.deadLettered(), metrics.consumed() / Math.max(busy, 1.0));
            }
        }

        private ServiceMetrics metricsOf(String service) {
            ServiceMetrics total = new ServiceMetrics(0, 0, 0, 0, 0);
            for (ServiceProcess instance : stack.instances(service)) {
                total = total.plus(ServiceMetrics.parse(instance.metrics()));
            }
            return total;
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            sleep(Duration.ofNanos(wait));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LocalRun() {
    }
}
