package io.orderpipeline.devstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

/**
 * A single-node Kafka (KRaft, broker and controller in one node) running inside this JVM on loopback.
 * The ports and the log directory stay the same across {@link #restart()}, so clients reconnect and
 * the data survives, as with a real broker that restarts.
 *
 * <p>{@link #secured secured}: the client port speaks SASL_SSL only, with SCRAM-SHA-512. Its administrator, whose
 * credentials go into the metadata when the log directory is formatted, may do anything (the broker's own
 * inter-broker connections log in as it too); every other user may do only what its ACLs allow
 * ({@link #createUser}, {@link #allowReading}, {@link #allowWriting}). The controller's port, which no client uses,
 * stays plaintext on loopback. {@link #clientConfig()} is what the administrator's clients need to get in.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SASL_SSL_LISTENER = "SASL_SSL";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    static {
        // On fatal faults (a failed log directory, a broken metadata log) the broker exits or halts the JVM.
        // In-process, that JVM is the tests' or the local run's: report the fault instead of ending it.
        Exit.setExitProcedure(KafkaBroker::refuseToEndTheJvm);
        Exit.setHaltProcedure(KafkaBroker::refuseToEndTheJvm);
    }

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final boolean ownsLogDir;
    private final Tls tls;
    private final String username;
    private final String password;
    private KafkaRaftServer server;

    /**
     * A broker whose client port is plaintext, without authentication.
     *
     * @param port   the client port on 127.0.0.1; 0 picks a free one now
     * @param logDir where the broker keeps its data, kept on {@link #close()}; null for a temporary
     *               directory that {@link #close()} deletes
     */
    public KafkaBroker(int port, Path logDir) {
        this(port, logDir, null, null, null);
    }

    /**
     * A broker whose client port speaks SASL_SSL, presenting the server certificate of {@code tls} and letting in
     * {@code username} with {@code password} by SCRAM-SHA-512. The user is created when the log directory is
     * formatted, so a kept log directory must be started with the same credentials again.
     */
    public static KafkaBroker secured(int port, Path logDir, Tls tls, String username, String password) {
        return new KafkaBroker(port, logDir, tls, username, password);
    }

    private KafkaBroker(int port, Path logDir, Tls tls, String username, String password) {
        this.tls = tls;
        this.username = username;
        this.password = password;
        this.port = Ports.resolve(port);
        this.controllerPort = Ports.pickFree();
        this.ownsLogDir = logDir == null;
        this.logDir = ownsLogDir ? Directories.createTemp("kafka-") : Directories.create(logDir);
        // The broker's own packages, and the shared ones where it dumps every config and metric it opens
        // (clients in the same JVM lose that boilerplate too).
        QuietLogging.quiet("kafka", "state.change.logger", "org.apache.kafka.server", "org.apache.kafka.controller",
                "org.apache.kafka.raft", "org.apache.kafka.metadata", "org.apache.kafka.image",
                "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
                "org.apache.kafka.snapshot", "org.apache.kafka.common.config.AbstractConfig",
                "org.apache.kafka.common.utils.AppInfoParser", "org.apache.kafka.common.metrics",
                "org.apache.kafka.common.telemetry");
    }

    /** Formats the log directory on first use, then starts the broker and waits until it accepts clients. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        KafkaConfig config = KafkaConfig.fromProps(brokerProperties(), false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format();
        }
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException("Kafka failed to start on port " + port, e);
            try {
                starting.shutdown(); // whatever did start, such as the listeners
                starting.awaitShutdown();
            } catch (RuntimeException alsoFailed) {
                failure.addSuppressed(alsoFailed);
            }
            throw failure;
        }
        server = starting;
        LOG.info(() -> "Kafka broker listening on " + bootstrapServers()
                + (secured() ? " (SASL_SSL, " + SCRAM_MECHANISM + " user " + username + ")" : "") + " (started in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms)");
    }

    /** Shuts the broker down cleanly, keeping its data; {@link #start()} brings it back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Stops and starts again on the same ports and log directory, as a crash-free broker restart. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the broker and deletes its log directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsLogDir) {
            Directories.deleteRecursively(logDir);
        }
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    /** Whether the client port demands SASL_SSL. */
    public boolean secured() {
        return tls != null;
    }

    /** The SCRAM user of a secured broker; null for a plain one. */
    public String username() {
        return username;
    }

    /** The SCRAM password of a secured broker; null for a plain one. */
    public String password() {
        return password;
    }

    /**
     * What a Kafka client (producer, consumer, admin) needs to connect: the bootstrap servers and, for a secured
     * broker, SASL_SSL with SCRAM-SHA-512 as {@link #username()} and the CA certificate as PEM trust.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (secured()) {
            config.put("security.protocol", "SASL_SSL");
            config.put("sasl.mechanism", SCRAM_MECHANISM);
            config.put("sasl.jaas.config", scramJaasConfig(username, password));
            config.put("ssl.truststore.type", "PEM");
            config.put("ssl.truststore.location", tls.caCertificate().toString());
        }
        return config;
    }

    /** The {@code sasl.jaas.config} value that logs in by SCRAM as this user. */
    public static String scramJaasConfig(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }

    public int port() {
        return port;
    }

    /** A secured broker's SCRAM user that may do nothing until ACLs allow it: a service's own login. */
    public void createUser(String name, String userPassword) {
        requireSecured();
        admin(admin -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), userPassword))).all().get());
    }

    /** Lets the user read the topic as a member of the consumer group, and nothing else of either. */
    public void allowReading(String user, String topic, String group) {
        requireSecured();
        admin(admin -> admin.createAcls(List.of(
                allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.READ),
                allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.DESCRIBE),
                allow(user, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL), AclOperation.READ)))
                .all().get());
    }

    /** Lets the user write the topic (idempotently), and nothing else of it. */
    public void allowWriting(String user, String topic) {
        requireSecured();
        admin(admin -> admin.createAcls(List.of(
                allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.WRITE),
                allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.DESCRIBE),
                allow(user, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                        AclOperation.IDEMPOTENT_WRITE))).all().get());
    }

    private static AclBinding allow(String user, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private void requireSecured() {
        if (!secured()) {
            throw new IllegalStateException("a plain broker lets everybody in: users and ACLs need a secured one");
        }
    }

    private interface AdminCall {
        void call(Admin admin) throws InterruptedException, ExecutionException;
    }

    private void admin(AdminCall call) {
        try (Admin admin = Admin.create(clientConfig())) {
            call.call(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The broker refused: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Creates a topic with replication factor 1; does nothing if it exists already. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(clientConfig())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    private static void refuseToEndTheJvm(int status, String message) {
        String fault = "Kafka broker fault; it asked to end the JVM with status " + status + ": " + message;
        LOG.severe(fault);
        throw new IllegalStateException(fault);
    }

    /** What kafka-storage.sh format does: writes meta.properties and the bootstrap metadata. */
    private void format() {
        List<String> scramUsers = secured()
                ? List.of(SCRAM_MECHANISM + "=[name=" + username + ",password=" + password + "]")
                : List.of();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setScramArguments(scramUsers)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka log directory " + logDir, e);
        }
    }

    private Properties brokerProperties() {
        String controller = Ports.LOOPBACK + ":" + controllerPort;
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + controller);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        String clients = secured() ? SASL_SSL_LISTENER : "PLAINTEXT";
        props.put("listeners", clients + "://" + bootstrapServers() + "," + CONTROLLER_LISTENER + "://" + controller);
        props.put("advertised.listeners", clients + "://" + bootstrapServers());
        props.put("listener.security.protocol.map", clients + ":" + clients + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", clients);
        if (secured()) {
            props.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            props.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            props.put("listener.name." + SASL_SSL_LISTENER.toLowerCase(Locale.ROOT) + "."
                    + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", scramJaasConfig(username, password));
            props.put("ssl.keystore.type", "PKCS12");
            props.put("ssl.keystore.location", tls.keyStore().toString());
            props.put("ssl.keystore.password", tls.storePassword());
            props.put("ssl.key.password", tls.storePassword());
            props.put("ssl.truststore.type", "PEM"); // the broker's own inter-broker connections
            props.put("ssl.truststore.location", tls.caCertificate().toString());
            // ACLs: the administrator may do anything, so may the controller's plaintext loopback connections
            // (ANONYMOUS); every other user only what an ACL allows.
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            props.put("super.users", "User:" + username + ";User:ANONYMOUS");
            props.put("allow.everyone.if.no.acl.found", "false");
        }
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "true");
        // One node: every internal topic must make do with one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions make the first consumer group and the first transaction quicker.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        // Consumers join at once instead of waiting for more members that are not coming.
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }
}
