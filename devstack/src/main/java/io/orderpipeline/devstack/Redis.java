package io.orderpipeline.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real redis-server process (the binary shipped in codemonstur's embedded-redis) on 127.0.0.1.
 * It keeps an append-only file in its directory, as a production Redis holding reference data would, so
 * that a {@link #restart()} (same port) comes back with its data: outage tests stay honest.
 *
 * <p>A {@link #secured secured} server listens for TLS only (the plain port is off), presenting the server
 * certificate of its {@link Tls}, and demands {@link #password()} ({@code requirepass}). The redis-server binary
 * for Linux x86-64 is built with TLS against the system's OpenSSL 3 ({@code libssl.so.3}).
 */
public final class Redis implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Redis.class.getName());

    private final int port;
    private final Path directory;
    private final boolean ownsDirectory;
    private final String password;
    private final boolean tls;
    // Built once: building unpacks the binary, and a stopped RedisServer starts again with the same arguments.
    private final RedisServer server;

    /**
     * @param port      the port on 127.0.0.1; 0 picks a free one now
     * @param directory where the redis-server binary is unpacked; null for a temporary directory that
     *                  {@link #close()} deletes
     */
    public Redis(int port, Path directory) {
        this(port, directory, null, null);
    }

    /** A server that takes TLS connections only, presenting the server certificate of {@code tls}, and demands the password. */
    public static Redis secured(int port, Path directory, Tls tls, String password) {
        return new Redis(port, directory, tls, password);
    }

    private Redis(int port, Path directory, Tls tls, String password) {
        this.port = Ports.resolve(port);
        this.ownsDirectory = directory == null;
        this.directory = ownsDirectory ? Directories.createTemp("redis-") : Directories.create(directory);
        this.password = password;
        this.tls = tls != null;
        RedisServerBuilder builder = RedisServer.newRedisServer()
                .executableProvider(ExecutableProvider.newJarResourceProvider(this.directory.toFile()))
                .bind(Ports.LOOPBACK)
                .setting("dir " + this.directory.toAbsolutePath())
                .setting("save \"\"")
                .setting("appendonly yes")
                .setting("appendfsync everysec");
        if (tls == null) {
            builder.port(this.port);
        } else {
            builder.port(0) // no plaintext port
                    .setting("tls-port " + this.port)
                    .setting("tls-cert-file " + tls.serverCertificate())
                    .setting("tls-key-file " + tls.serverKey())
                    .setting("tls-ca-cert-file " + tls.caCertificate())
                    .setting("tls-auth-clients no")
                    // embedded-redis writes the settings to a temporary file readable by its owner, not to the
                    // command line that every process can see.
                    .setting("requirepass " + password);
        }
        try {
            server = builder.build();
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

    /** Stops and starts again on the same port; the append-only file brings the data back. */
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

    /** The address in the form quarkus.redis.hosts takes: {@code rediss://} for TLS. */
    public String hosts() {
        return (tls ? "rediss://" : "redis://") + Ports.LOOPBACK + ":" + port;
    }

    /** Whether the server takes TLS connections with a password only. */
    public boolean secured() {
        return tls;
    }

    /** The password a secured server demands; null for a plain one. */
    public String password() {
        return password;
    }
}
