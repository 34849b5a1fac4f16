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
 *
 * <p>A {@linkplain DevstackOptions#withSecured secured} stack makes a CA and a server certificate ({@link #tls()})
 * and a password per server, and every server demands both: Kafka SASL_SSL with SCRAM-SHA-512 (user
 * {@value #KAFKA_USER}), PostgreSQL TLS with scram-sha-256, Redis TLS with {@code requirepass}.
 * {@link #quarkusConfig()} then carries the settings a service needs for that.
 */
public final class Devstack implements AutoCloseable {

    /** The JUnit tag of every test that starts these servers: {@code ./mvnw test -Pfast} leaves such tests out. */
    public static final String TEST_TAG = "devstack";

    /** The SCRAM user of a secured stack's Kafka. */
    public static final String KAFKA_USER = "pipeline";
    /** The name of the Quarkus TLS configuration that {@link #quarkusConfig()} gives the Redis client. */
    public static final String REDIS_TLS_CONFIGURATION = "redis";

    private final KafkaBroker kafka;
    private final Postgres postgres;
    private final Redis redis;
    private final Tls tls;
    private final Path temporaryDirectory;
    private final Thread shutdownHook = new Thread(this::close, "devstack-shutdown");
    private boolean closed;

    private Devstack(KafkaBroker kafka, Postgres postgres, Redis redis, Tls tls, Path temporaryDirectory) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.redis = redis;
        this.tls = tls;
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
            stack = options.secured() ? secured(options, root, temporary) : new Devstack(
                    new KafkaBroker(options.kafkaPort(), root.resolve("kafka")),
                    options.durablePostgres() ? Postgres.durable(options.postgresPort(), root.resolve("postgres"))
                            : new Postgres(options.postgresPort(), root.resolve("postgres")),
                    new Redis(options.redisPort(), root.resolve("redis")),
                    null, temporary);
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

    private static Devstack secured(DevstackOptions options, Path root, Path temporary) {
        Tls tls = Tls.create(root.resolve("tls"));
        return new Devstack(
                KafkaBroker.secured(options.kafkaPort(), root.resolve("kafka"), tls, KAFKA_USER, Secrets.random()),
                Postgres.secured(options.postgresPort(), root.resolve("postgres"), tls, Secrets.random()),
                Redis.secured(options.redisPort(), root.resolve("redis"), tls, Secrets.random()),
                tls, temporary);
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

    /** The CA and server certificate of a secured stack; null for a plain one. */
    public Tls tls() {
        return tls;
    }

    /**
     * Exactly the settings a service of the pipeline needs to reach this stack. For a secured stack, that
     * includes logging in to each server and trusting the stack's CA, with the host name verified.
     */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        kafka.clientConfig().forEach((name, value) -> config.put("kafka." + name, String.valueOf(value)));
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        // The original service's names, which the services require (their WarehouseSettings).
        config.put("pg.user", postgres.username());
        config.put("pg.password", postgres.password());
        config.put("quarkus.redis.hosts", redis.hosts());
        if (tls != null) {
            String ca = tls.caCertificate().toString();
            config.put("quarkus.datasource.reactive.postgresql.ssl-mode", "verify-full");
            config.put("quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS");
            config.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
            config.put("quarkus.datasource.reactive.trust-certificate-pem.certs", ca);
            config.put("quarkus.redis.password", redis.password());
            config.put("quarkus.redis.tls-configuration-name", REDIS_TLS_CONFIGURATION);
            config.put("quarkus.tls." + REDIS_TLS_CONFIGURATION + ".trust-store.pem.certs", ca);
            config.put("quarkus.tls." + REDIS_TLS_CONFIGURATION + ".hostname-verification-algorithm", "HTTPS");
        }
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
