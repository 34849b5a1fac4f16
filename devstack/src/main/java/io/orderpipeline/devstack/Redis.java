package io.orderpipeline.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server process (the binary shipped in codemonstur's embedded-redis) on 127.0.0.1.
 * It keeps an append-only file in its directory, as a production Redis holding reference data would, so
 * that a {@link #restart()} (same port) comes back with its data: outage tests stay honest.
 */
public final class Redis implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Redis.class.getName());

    private final int port;
    private final Path directory;
    private final boolean ownsDirectory;
    // Built once: building unpacks the binary, and a stopped RedisServer starts again with the same arguments.
    private final RedisServer server;

    /**
     * @param port      the port on 127.0.0.1; 0 picks a free one now
     * @param directory where the redis-server binary is unpacked; null for a temporary directory that
     *                  {@link #close()} deletes
     */
    public Redis(int port, Path directory) {
        this.port = Ports.resolve(port);
        this.ownsDirectory = directory == null;
        this.directory = ownsDirectory ? Directories.createTemp("redis-") : Directories.create(directory);
        try {
            server = RedisServer.newRedisServer()
                    .executableProvider(ExecutableProvider.newJarResourceProvider(this.directory.toFile()))
                    .bind(Ports.LOOPBACK)
                    .port(this.port)
                    .setting("dir " + this.directory.toAbsolutePath())
                    .setting("save \"\"")
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("Could not prepare redis-server in " + this.directory, e);
        }
    }

    /** Starts redis-server and waits until it accepts connections. */
    public synchronized void start() {
        if (server.isActive()) {
            return;
        }
        long started = System.nanoTime();
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException("Redis failed to start on port " + port, e);
        }
        LOG.info(() -> "Redis listening on " + hosts() + " (started in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms)");
    }

    /** Terminates redis-server and waits for it to exit. */
    public synchronized void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new IllegalStateException("Redis did not stop cleanly", e);
        }
    }

    /** Stops and starts again on the same port; the data is gone, as persistence is off. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops redis-server and deletes its directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsDirectory) {
            Directories.deleteRecursively(directory);
        }
    }

    public int port() {
        return port;
    }

    /** The address in the form quarkus.redis.hosts takes. */
    public String hosts() {
        return "redis://" + Ports.LOOPBACK + ":" + port;
    }
}
