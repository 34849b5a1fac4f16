package io.orderpipeline.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Kafka, PostgreSQL and Redis on loopback, started together: for the local run and for end-to-end tests.
 * A JVM shutdown hook stops them if {@link #close()} is not called first, so no server outlives the JVM
 * after a normal exit or Ctrl-C.
 */
public final class Devstack implements AutoCloseable {

    private final KafkaBroker kafka;
    private final Postgres postgres;
    private final Redis redis;
    private final Path temporaryDirectory;
    private final Thread shutdownHook = new Thread(this::close, "devstack-shutdown");
    private boolean closed;

    private Devstack(KafkaBroker kafka, Postgres postgres, Redis redis, Path temporaryDirectory) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
        this.temporaryDirectory = temporaryDirectory;
    }

    /**
     * Starts all three servers, in parallel, and returns once all accept connections.
     *
     * @throws IllegalStateException if a requested port is taken (checked before anything starts, and naming
     *                               the flag that picks another) or a server fails to start; whatever did
     *                               start is stopped again
     */
    public static Devstack start(DevstackOptions options) {
        Ports.requireFree(options.kafkaPort(), "Kafka", DevstackOptions.KAFKA_PORT_FLAG);
        Ports.requireFree(options.postgresPort(), "PostgreSQL", DevstackOptions.POSTGRES_PORT_FLAG);
        Ports.requireFree(options.redisPort(), "Redis", DevstackOptions.REDIS_PORT_FLAG);

        Path temporary = options.dataDirectory() == null ? Directories.createTemp("devstack-") : null;
        Path root = temporary != null ? temporary : options.dataDirectory();
        Devstack stack;
        try {
            stack = new Devstack(
                    new KafkaBroker(options.kafkaPort(), root.resolve("kafka")),
                    new Postgres(options.postgresPort(), root.resolve("postgres")),
                    new Redis(options.redisPort(), root.resolve("redis")),
                    temporary);
        } catch (RuntimeException e) {
            if (temporary != null) {
                Directories.deleteRecursively(temporary);
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startAll();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void startAll() {
        ExecutorService starters = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture.allOf(
                    CompletableFuture.runAsync(kafka::start, starters),
                    CompletableFuture.runAsync(postgres::start, starters),
                    CompletableFuture.runAsync(redis::start, starters)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            starters.shutdown();
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public Postgres postgres() {
        return postgres;
    }

    public Redis redis() {
        return redis;
    }

    /** Exactly the settings a service of the pipeline needs to reach this stack. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.username", postgres.username());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("quarkus.redis.hosts", redis.hosts());
        return Map.copyOf(config);
    }

    /** Stops all three servers and deletes the data directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeShutdownHook();
        // Stop each even if another fails, so no server is left running.
        List<RuntimeException> failures = new ArrayList<>();
        for (AutoCloseable server : List.<AutoCloseable>of(kafka::close, postgres::close, redis::close)) {
            try {
                server.close();
            } catch (Exception e) {
                failures.add(e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e));
            }
        }
        if (temporaryDirectory != null) {
            Directories.deleteRecursively(temporaryDirectory);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting and the hook is about to run; it will find the stack closed.
        }
    }
}
