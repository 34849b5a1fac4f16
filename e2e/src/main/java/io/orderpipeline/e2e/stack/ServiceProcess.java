package io.orderpipeline.e2e.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service (stg, dds or cdm) running as its own process, from its runnable jar or as its native executable,
 * configured only through environment variables, as it would be in a container.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final ServiceRuntime runtime;
    private final Path artifact;
    private final int httpPort;
    private final Map<String, String> config;
    private final Map<String, String> tuning;
    private final Path log;
    private Process process;
    private long startedAt;
    private double startToReady = Double.NaN;

    /**
     * @param config Quarkus properties, passed as the environment variables Quarkus maps them from
     * @param tuning properties passed as system properties (exact names, e.g. a channel's max.poll.records)
     */
    public ServiceProcess(String name, ServiceRuntime runtime, Path artifact, int httpPort, Map<String, String> config,
            Map<String, String> tuning, Path logDirectory) {
        ServiceRuntime.requireBuilt(artifact, runtime, name);
        this.name = name;
        this.runtime = runtime;
        this.artifact = artifact;
        this.httpPort = httpPort;
        this.config = Map.copyOf(config);
        this.tuning = Map.copyOf(tuning);
        this.log = logDirectory.resolve(name + ".log");
        try {
            // This process's log only: its restarts append to it, an earlier run's process does not.
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        ProcessBuilder builder = new ProcessBuilder(runtime.command(artifact, tuning))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        isolate(builder);
        config.forEach((property, value) -> builder.environment().put(environmentName(property), value));
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        try {
            startedAt = System.nanoTime();
            startToReady = Double.NaN;
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until readiness is UP; fails with the end of the service's log if it dies or takes too long. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (isReady()) {
                startToReady = (System.nanoTime() - startedAt) / 1e9;
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    /** Waits for the process to end by itself and returns its exit code; fails if it is still running. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " still running after " + timeout + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return process.exitValue();
    }

    /** Everything the process has written so far (bytes that are not UTF-8 replaced). */
    public String logText() {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The Prometheus text of /q/metrics, or empty if the service does not answer. */
    public String metrics() {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri("/q/metrics")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** SIGKILL: no shutdown hook, no offset commit, no flush. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGTERM: Quarkus shuts down gracefully; {@link #close()} waits for it. */
    public synchronized void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    @Override
    public synchronized void close() {
        terminate();
        if (process != null) {
            waitFor();
        }
    }

    /** The most resident memory the process has had since start or {@link #resetPeakResident}, or -1 if unknown. */
    public long peakResidentBytes() {
        return ProcessStats.peakResidentBytes(pid());
    }

    public void resetPeakResident() {
        ProcessStats.resetPeak(pid());
    }

    /** Seconds from the process's start to readiness UP, as {@link #awaitReady} saw it (polling every 50 ms). */
    public double startToReady() {
        return startToReady;
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** Only what a child process is given: none of the pipeline's settings leak in from the caller's environment. */
    static void isolate(ProcessBuilder builder) {
        builder.environment().keySet().removeIf(variable -> variable.matches("(KAFKA|PG|REDIS|QUARKUS)_.*"));
    }

    /** Quarkus's mapping from a property name to an environment variable: upper case, others to '_'. */
    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
