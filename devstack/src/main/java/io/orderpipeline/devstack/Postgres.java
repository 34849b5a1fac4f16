package io.orderpipeline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (zonky's embedded binaries, run as a child process) on 127.0.0.1, with the
 * {@value #DATABASE} database created on first start. Port and data directory stay the same across
 * {@link #restart()}, so committed data survives it.
 *
 * <p>Durability: commits are synchronous (zonky turns that off; we turn it back on), so a committed
 * transaction survives the server process stopping or crashing. zonky also runs with fsync off, which tests
 * keep: it only matters if the whole machine goes down, which no test here can cause, and it keeps them fast.
 * A {@link #durable durable} server turns fsync on, as production runs, for the benchmark.
 *
 * <p>Authentication: zonky's initdb trusts every connection, so user {@value #USERNAME} gets in with any
 * password; {@link #password()} is only there for clients that insist on having one. A {@link #secured secured}
 * server instead takes TLS connections only ({@code hostssl} in its {@code pg_hba.conf}, nothing else), checks
 * the password by scram-sha-256, and presents the server certificate of its {@link Tls}; {@link #jdbcUrl()} then
 * asks for {@code sslmode=verify-full} against the CA.
 *
 * <p>The server's own log goes to {@code postgres.log} beside the data directory.
 */
public final class Postgres implements AutoCloseable {

    public static final String DATABASE = "warehouse";
    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Logger LOG = Logger.getLogger(Postgres.class.getName());
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private final int port;
    private final Path directory;
    private final boolean ownsDirectory;
    private final Tls tls;
    private final String password;
    private final boolean fsync;
    private EmbeddedPostgres server;

    /**
     * A server that trusts every loopback connection, with or without TLS.
     *
     * @param port      the port on 127.0.0.1; 0 picks a free one now
     * @param directory holds the data directory and the server log, kept on {@link #close()}; null for a
     *                  temporary directory that {@link #close()} deletes
     */
    public Postgres(int port, Path directory) {
        this(port, directory, null, PASSWORD, false);
    }

    /** As {@link #Postgres(int, Path)}, with fsync on: each commit waits for the disk, as in production. */
    public static Postgres durable(int port, Path directory) {
        return new Postgres(port, directory, null, PASSWORD, true);
    }

    /**
     * A server that takes only TLS connections, presenting the server certificate of {@code tls}, and checks
     * {@value #USERNAME}'s {@code password} by scram-sha-256. The password is set when the data directory is
     * created, so a kept data directory must be started with the same password again.
     */
    public static Postgres secured(int port, Path directory, Tls tls, String password) {
        return new Postgres(port, directory, tls, password, false);
    }

    private Postgres(int port, Path directory, Tls tls, String password, boolean fsync) {
        this.tls = tls;
        this.password = password;
        this.fsync = fsync;
        this.port = Ports.resolve(port);
        this.ownsDirectory = directory == null;
        this.directory = ownsDirectory ? Directories.createTemp("postgres-") : Directories.create(directory);
        QuietLogging.quiet("io.zonky.test.db.postgres");
    }

    /** Starts the server (running initdb first if the data directory is new) and creates {@value #DATABASE}. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        Path dataDirectory = directory.resolve("data");
        Path log = directory.resolve("postgres.log");
        // As root, which PostgreSQL refuses, zonky runs initdb and pg_ctl under "unshare -U": in a user
        // namespace of their own they are nobody, yet still own the root-owned files they work on.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // Devstack stops everything in one shutdown hook; zonky's own hook, one per start,
                // would race with it and pile up across restarts.
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(30))
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                .setServerConfig("listen_addresses", Ports.LOOPBACK)
                .setServerConfig("unix_socket_directories", "") // TCP only: no socket files in /tmp
                .setServerConfig("max_connections", "200") // three services, each with a pool or two
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", fsync ? "on" : "off");
        // Secured only: the superuser's password for initdb, deleted once the server is up.
        Path passwordFile = directory.resolve("initdb-password");
        if (secured()) {
            requireTlsAndPassword(builder, passwordFile);
        }
        try {
            server = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL failed to start on port " + port + "; see " + log, e);
        } finally {
            deleteIfExists(passwordFile);
        }
        createDatabase(DATABASE);
        LOG.info(() -> "PostgreSQL listening on " + Ports.LOOPBACK + ":" + port + ", database " + DATABASE
                + ", user " + USERNAME + (secured() ? " (TLS only, scram-sha-256)" : "") + " (started in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms)");
    }

    private void requireTlsAndPassword(EmbeddedPostgres.Builder builder, Path passwordFile) {
        Path hba = directory.resolve("pg_hba.conf");
        try {
            Files.writeString(hba, "# TLS from loopback, with a scram-sha-256 password; nothing else gets in.\n"
                    + "hostssl all all " + Ports.LOOPBACK + "/32 scram-sha-256\n");
            deleteIfExists(passwordFile);
            Files.createFile(passwordFile,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the PostgreSQL access rules in " + directory, e);
        }
        builder.setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", tls.serverCertificate().toString())
                .setServerConfig("ssl_key_file", tls.serverKey().toString())
                .setServerConfig("hba_file", hba.toString())
                .setServerConfig("password_encryption", "scram-sha-256")
                // zonky passes "locale" settings to initdb as --name value: this one sets the superuser's password
                // when the data directory is created (and is ignored when it exists).
                .setLocaleConfig("pwfile", passwordFile.toString())
                // ...and zonky's own readiness check has to log in like everybody else.
                .setConnectConfig("password", password)
                .setConnectConfig("sslmode", "verify-full")
                .setConnectConfig("sslrootcert", tls.caCertificate().toString());
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + file, e);
        }
    }

    /** Stops the server (a fast, clean shutdown), keeping its data; {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL did not stop cleanly", e);
        } finally {
            server = null;
        }
    }

    /** Stops and starts again on the same port and data directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the server and deletes its directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsDirectory) {
            Directories.deleteRecursively(directory);
        }
    }

    /**
     * Runs a script of SQL statements in the {@value #DATABASE} database as {@value #USERNAME}, such as the roles a
     * deployment creates (deploy/postgres/roles.sql).
     */
    public void runScript(Path script) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USERNAME, password);
             Statement statements = connection.createStatement()) {
            statements.execute(Files.readString(script));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not run " + script + ": " + e.getMessage(), e);
        }
    }

    /** Sets a role's password; the password must be plain letters and digits, as {@link Secrets} makes them. */
    public void setPassword(String role, String rolePassword) {
        if (!PLAIN_IDENTIFIER.matcher(role).matches() || !rolePassword.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("a plain role name and a password of letters and digits only");
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USERNAME, password);
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + role + " PASSWORD '" + rolePassword + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the password of " + role, e);
        }
    }

    /** Creates a database owned by {@value #USERNAME}; does nothing if it exists. */
    public void createDatabase(String name) {
        if (!PLAIN_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USERNAME, password);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet found = exists.executeQuery(); Statement create = connection.createStatement()) {
                if (!found.next()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }

    /**
     * The postmaster's process id (the first line of {@code postmaster.pid}), whose process tree does the server's
     * work: for the benchmark's accounting of CPU time.
     */
    public long serverProcessId() {
        try {
            return Long.parseLong(Files.readAllLines(directory.resolve("data/postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running: no postmaster.pid in " + directory, e);
        }
    }

    public int port() {
        return port;
    }

    /** JDBC URL of the {@value #DATABASE} database; for a secured server, with TLS that verifies the host. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        String url = "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + database;
        return secured() ? url + "?sslmode=verify-full&sslrootcert=" + tls.caCertificate() : url;
    }

    /** Whether the server takes TLS connections with a checked password only. */
    public boolean secured() {
        return tls != null;
    }

    /** URL of the {@value #DATABASE} database for the Vert.x reactive client. */
    public String reactiveUrl() {
        return "postgresql://" + Ports.LOOPBACK + ":" + port + "/" + DATABASE;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return password;
    }
}
