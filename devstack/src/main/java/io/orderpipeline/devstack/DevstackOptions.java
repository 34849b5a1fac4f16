package io.orderpipeline.devstack;

import java.nio.file.Path;

/**
 * What {@link Devstack#start(DevstackOptions)} needs to know. A port of 0 means any free port; a null data
 * directory means a temporary one, deleted when the stack closes. A given data directory is kept, so a local
 * run can stop and pick up where it left off.
 *
 * <p>{@code secured}: every server demands TLS and a password (see {@link Devstack}); the stack makes a CA and
 * passwords of its own on each start, so a secured stack lives in a temporary data directory.
 *
 * <p>{@code durablePostgres}: PostgreSQL runs with fsync on, as in production (see {@link Postgres#durable}); for the
 * benchmark, not for tests.
 */
public record DevstackOptions(int kafkaPort, int postgresPort, int redisPort, Path dataDirectory, boolean secured,
        boolean durablePostgres) {

    /** Command-line flags of the local run; the messages about a busy port name them too. */
    public static final String KAFKA_PORT_FLAG = "--kafka-port";
    public static final String POSTGRES_PORT_FLAG = "--postgres-port";
    public static final String REDIS_PORT_FLAG = "--redis-port";
    public static final String DATA_DIR_FLAG = "--data-dir";

    public DevstackOptions {
        requireValidPort(kafkaPort, KAFKA_PORT_FLAG);
        requireValidPort(postgresPort, POSTGRES_PORT_FLAG);
        requireValidPort(redisPort, REDIS_PORT_FLAG);
        if (secured && dataDirectory != null) {
            throw new IllegalArgumentException("A secured stack makes new certificates and passwords on each start, "
                    + "so it cannot reuse the data directory " + dataDirectory + "; leave " + DATA_DIR_FLAG + " out");
        }
        if (secured && durablePostgres) {
            throw new IllegalArgumentException("A durable stack is for the benchmark and has no secured variant");
        }
    }

    /** Plain connections, no passwords, PostgreSQL without fsync. */
    public DevstackOptions(int kafkaPort, int postgresPort, int redisPort, Path dataDirectory) {
        this(kafkaPort, postgresPort, redisPort, dataDirectory, false, false);
    }

    /** Free ports everywhere and a temporary data directory: what tests want. */
    public static DevstackOptions defaults() {
        return new DevstackOptions(0, 0, 0, null);
    }

    /**
     * Reads {@code --kafka-port N --postgres-port N --redis-port N --data-dir PATH} (also {@code --flag=value});
     * what is not given keeps its default.
     */
    public static DevstackOptions fromArgs(String... args) {
        DevstackOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int equals = flag.indexOf('=');
            if (equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            options = switch (flag) {
                case KAFKA_PORT_FLAG -> options.withKafkaPort(parsePort(flag, value));
                case POSTGRES_PORT_FLAG -> options.withPostgresPort(parsePort(flag, value));
                case REDIS_PORT_FLAG -> options.withRedisPort(parsePort(flag, value));
                case DATA_DIR_FLAG -> options.withDataDirectory(Path.of(value));
                default -> throw new IllegalArgumentException("Unknown option " + flag + "; known: " + KAFKA_PORT_FLAG
                        + ", " + POSTGRES_PORT_FLAG + ", " + REDIS_PORT_FLAG + ", " + DATA_DIR_FLAG);
            };
        }
        return options;
    }

    public DevstackOptions withKafkaPort(int port) {
        return new DevstackOptions(port, postgresPort, redisPort, dataDirectory, secured, durablePostgres);
    }

    public DevstackOptions withPostgresPort(int port) {
        return new DevstackOptions(kafkaPort, port, redisPort, dataDirectory, secured, durablePostgres);
    }

    public DevstackOptions withRedisPort(int port) {
        return new DevstackOptions(kafkaPort, postgresPort, port, dataDirectory, secured, durablePostgres);
    }

    public DevstackOptions withDataDirectory(Path directory) {
        return new DevstackOptions(kafkaPort, postgresPort, redisPort, directory, secured, durablePostgres);
    }

    /**
     * True: Kafka on SASL_SSL with SCRAM-SHA-512, PostgreSQL on TLS only with scram-sha-256 passwords, Redis on TLS
     * only with a password: what a production deployment would demand of the services.
     */
    public DevstackOptions withSecured(boolean secure) {
        return new DevstackOptions(kafkaPort, postgresPort, redisPort, dataDirectory, secure, durablePostgres);
    }

    /** True: PostgreSQL with fsync on, each commit waiting for the disk as in production. */
    public DevstackOptions withDurablePostgres(boolean durablePostgres) {
        return new DevstackOptions(kafkaPort, postgresPort, redisPort, dataDirectory, secured, durablePostgres);
    }

    private static int parsePort(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a port number, not '" + value + "'");
        }
    }

    private static void requireValidPort(int port, String flag) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(flag + " must be between 0 (any free port) and 65535, not " + port);
        }
    }
}
