package io.orderpipeline.e2e.monitoring;

import io.orderpipeline.devstack.Directories;
import io.orderpipeline.devstack.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code prometheus} package) on loopback, scraping the services and evaluating the
 * shipped alert rules, for the local run and the monitoring tests.
 */
public final class PrometheusServer implements AutoCloseable {

    /** What to tell a user who asked for Prometheus on a machine without it. */
    public static final String MISSING = "prometheus is not installed (Debian: apt-get install prometheus)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI url;
    private final Duration scrapeInterval;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, URI url, Duration scrapeInterval, Path log) {
        this.process = process;
        this.url = url;
        this.scrapeInterval = scrapeInterval;
        this.log = log;
    }

    /** The {@code prometheus} (or, with that name, {@code promtool}) executable on the PATH, if there is one. */
    public static Optional<Path> executable(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts Prometheus with fresh data in {@code directory}, scraping each of {@code targets} (host:port of a
     * service's HTTP server) every {@code interval} and evaluating {@code rules} as often, and waits until it has
     * scraped each target once.
     */
    public static PrometheusServer start(Path directory, List<String> targets, Path rules, Duration interval) {
        Path executable = executable("prometheus").orElseThrow(() -> new IllegalStateException(MISSING));
        try {
            Directories.deleteRecursively(directory.resolve("data"));
            Files.createDirectories(directory);
            Path config = directory.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: %1$ds
                      evaluation_interval: %1$ds
                    rule_files:
                      - %2$s
                    scrape_configs:
                      - job_name: order-pipeline
                        metrics_path: /q/metrics
                        static_configs:
                          - targets: [%3$s]
                    """.formatted(interval.toSeconds(), rules.toAbsolutePath(),
                    targets.stream().map(target -> "'" + target + "'").collect(Collectors.joining(", "))));
            int port = Ports.pickFree();
            Path log = directory.resolve("prometheus.log");
            Process process = new ProcessBuilder(executable.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + directory.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), interval,
                    log);
            server.awaitReady(Duration.ofSeconds(30));
            server.awaitScraped(targets.size(), Duration.ofSeconds(30));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return url;
    }

    public Duration scrapeInterval() {
        return scrapeInterval;
    }

    /** The {@code data} of an instant query; a query Prometheus refuses fails with Prometheus's own error. */
    public JsonNode query(String promql) {
        return get("/api/v1/query?query=" + encode(promql));
    }

    /** The {@code data} of a range query from {@code start} to {@code end}, one point per {@code step}. */
    public JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
        return get("/api/v1/query_range?query=" + encode(promql) + "&start=" + start.getEpochSecond()
                + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds());
    }

    /** The loaded alerting rules with their state: {@code /api/v1/rules}. */
    public JsonNode rules() {
        return get("/api/v1/rules");
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve(pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new IllegalArgumentException("Prometheus refused " + pathAndQuery + ": "
                        + body.path("errorType").asText() + ": " + body.path("error").asText());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(200));
        }
        close();
        throw new IllegalStateException("prometheus was not ready within " + timeout + "; its log: " + log);
    }

    /** Until every target has been scraped once: what happens after counts as an increase, not as a start. */
    private void awaitScraped(int targets, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (query("up == 1").path("result").size() < targets) {
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("prometheus could not scrape all " + targets + " services within "
                        + timeout + ": " + get("/api/v1/targets"));
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
