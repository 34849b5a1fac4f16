package io.orderpipeline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.orderpipeline.e2e.monitoring.Dashboard;
import io.orderpipeline.e2e.monitoring.PrometheusServer;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.sample.SampleReferenceData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules and the dashboard in deploy/monitoring: the rules pass promtool's checks and unit tests, the
 * PrometheusRule carries the same rules, and a real Prometheus scraping the running pipeline answers every panel's
 * query and fires the dead-letter alert.
 */
class MonitoringIT {

    private static final Path MONITORING = EndToEndSupport.projectRoot().resolve("deploy/monitoring");
    private static final Path RULES = MONITORING.resolve("alerts.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern METRIC = Pattern.compile("\\b(pipeline_[a-z_]+|kafka_consumer_[a-z_]+)\\b");

    @Test
    void theRulesPassPromtoolsCheckAndUnitTests() throws Exception {
        Optional<Path> promtool = PrometheusServer.executable("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not installed (Debian: apt-get install prometheus); bin/test installs it");

        assertThat(run(promtool.get().toString(), "check", "rules", "alerts.yml")).contains("SUCCESS: 5 rules found");
        assertThat(run(promtool.get().toString(), "test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void thePrometheusRuleCarriesExactlyTheRulesFile() throws IOException {
        JsonNode plain = YAML.readTree(RULES.toFile());
        JsonNode custom = YAML.readTree(MONITORING.resolve("prometheus-rule.yaml").toFile());

        assertThat(custom.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(custom.path("spec").path("groups")).isEqualTo(plain.path("groups"));
    }

    @Test
    void aRealPrometheusScrapingThePipelineAnswersEveryPanelAndFiresTheDeadLetterAlert() throws IOException {
        assumeTrue(PrometheusServer.executable("prometheus").isPresent(), PrometheusServer.MISSING + "; bin/test installs it");
        Dashboard dashboard = Dashboard.read(MONITORING.resolve("dashboard.json"));
        try (Devstack devstack = Devstack.start(DevstackOptions.defaults());
                PipelineStack stack = new PipelineStack(devstack, new PipelineStack.Options(EndToEndSupport.projectRoot(),
                        ServiceRuntime.configured(), 1, 1, 0, Map.of())).start();
                PrometheusServer prometheus = PrometheusServer.start(
                        EndToEndSupport.projectRoot().resolve("e2e/target/monitoring-it"),
                        stack.all().stream().map(service -> "127.0.0.1:" + service.httpPort()).toList(),
                        RULES, Duration.ofSeconds(1))) {
            Instant started = Instant.now();
            SampleReferenceData references = SampleReferenceData.generate(5, 20);
            try (ReferenceDataStore redis = ReferenceDataStore.of(devstack)) {
                redis.load(references);
            }
            List<SampleOrders.Message> input = SampleOrders.generate(5, references, SampleOrders.Options.realistic(300));
            assertThat(input).anyMatch(SampleOrders.Message::isPoison);
            stack.produce(input);
            stack.awaitDrained(Duration.ofMinutes(2));

            for (Dashboard.Panel panel : dashboard.panels()) {
                for (Dashboard.Query query : panel.queries()) {
                    assertThat(awaitFiniteValue(prometheus, query.expression(prometheus.scrapeInterval()), started))
                            .as(panel.title() + ": " + query.promql() + " had a value during the run").isTrue();
                }
            }
            assertThat(metricsNamedIn(Files.readString(RULES))).allSatisfy(metric -> assertThat(
                    prometheus.query(metric).path("result")).as(metric + ", which an alert reads, is scraped").isNotEmpty());
            assertThat(rulesHealth(prometheus)).as("every rule evaluates").containsOnly("ok");
            assertThat(awaitFiring(prometheus, "OrderPipelineDeadLetters"))
                    .as("the poison records fire the dead-letter alert, for stg").contains("stg-service");

            String picture = dashboard.picture(prometheus, started, Instant.now());
            Files.writeString(EndToEndSupport.projectRoot().resolve("e2e/target/dashboard.svg"), picture);
            assertThat(picture).as("the picture of the dashboard's data").contains("<polyline")
                    .contains(dashboard.panels().stream().map(Dashboard.Panel::title).toList());
        }
    }

    /**
     * Whether the query returned a number (not NaN) at some second since {@code since}, looking for up to 90 s:
     * rates need a few scrapes, and a partition's lag appears after the consumer's first fetch of it.
     */
    private static boolean awaitFiniteValue(PrometheusServer prometheus, String promql, Instant since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
            for (JsonNode series : prometheus.queryRange(promql, since, Instant.now(), Duration.ofSeconds(1)).path("result")) {
                for (JsonNode value : series.path("values")) {
                    if (!value.get(1).asText().equalsIgnoreCase("NaN")) {
                        return true;
                    }
                }
            }
            pause();
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static List<String> awaitFiring(PrometheusServer prometheus, String alert) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> services = new ArrayList<>();
        while (services.isEmpty() && System.nanoTime() < deadline) {
            prometheus.query("ALERTS{alertname=\"" + alert + "\", alertstate=\"firing\"}").path("result")
                    .forEach(series -> services.add(series.path("metric").path("service").asText()));
            pause();
        }
        return services;
    }

    private static List<String> rulesHealth(PrometheusServer prometheus) {
        List<String> health = new ArrayList<>();
        prometheus.rules().path("groups").forEach(group -> group.path("rules")
                .forEach(rule -> health.add(rule.path("health").asText())));
        assertThat(health).as("the rules Prometheus loaded").hasSize(5);
        return health;
    }

    private static TreeSet<String> metricsNamedIn(String rules) {
        TreeSet<String> metrics = new TreeSet<>();
        Matcher metric = METRIC.matcher(rules);
        while (metric.find()) {
            metrics.add(metric.group(1));
        }
        return metrics;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(MONITORING.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + " says:\n" + output).isZero();
        return output;
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
