package io.orderpipeline.devstack;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag(Devstack.TEST_TAG)
class DevstackTest {

    @Test
    void startsAllThreeAndHandsQuarkusTheirAddresses() throws Exception {
        Map<String, String> config;
        int[] ports;
        try (Devstack stack = Devstack.start(DevstackOptions.defaults())) {
            config = stack.quarkusConfig();
            ports = new int[] {stack.kafka().port(), stack.postgres().port(), stack.redis().port()};

            assertThat(config).containsOnlyKeys("kafka.bootstrap.servers", "quarkus.datasource.reactive.url",
                    "quarkus.datasource.jdbc.url", "pg.user", "pg.password",
                    "quarkus.redis.hosts");
            assertThat(config.get("kafka.bootstrap.servers")).isEqualTo("127.0.0.1:" + ports[0]);
            assertThat(config.get("quarkus.datasource.reactive.url"))
                    .isEqualTo("postgresql://127.0.0.1:" + ports[1] + "/warehouse");
            assertThat(config.get("quarkus.redis.hosts")).isEqualTo("redis://127.0.0.1:" + ports[2]);

            stack.kafka().createTopic("orders", 1);
            try (Connection connection = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                    config.get("pg.user"), config.get("pg.password"))) {
                assertThat(connection.isValid(5)).isTrue();
            }
            try (RedisCalls redis = RedisCalls.plain(ports[2])) {
                assertThat(redis.call("PING")).isEqualTo("PONG");
            }
        }
        for (int port : ports) {
            assertThat(Ports.isFree(port)).as("port %d after close", port).isTrue();
        }
    }

    @Test
    void givenDataDirectoryKeepsTheDataForTheNextRun(@TempDir Path dataDirectory) throws SQLException {
        DevstackOptions options = DevstackOptions.defaults().withDataDirectory(dataDirectory);
        try (Devstack stack = Devstack.start(options)) {
            execute(stack, "CREATE TABLE runs (id int)", "INSERT INTO runs VALUES (1)");
        }
        try (Devstack stack = Devstack.start(options)) {
            assertThat(count(stack, "SELECT count(*) FROM runs")).isEqualTo(1);
            stack.kafka().createTopic("still-works", 1);
        }
        assertThat(dataDirectory.resolve("postgres/data/postgresql.conf")).exists();
        assertThat(dataDirectory.resolve("kafka/meta.properties")).exists();
    }

    @Test
    void busyKafkaPortIsReportedWithTheFlagToChangeIt() throws IOException {
        assertBusyPortIsReported(port -> DevstackOptions.defaults().withKafkaPort(port), "Kafka", "--kafka-port");
    }

    @Test
    void busyPostgresPortIsReportedWithTheFlagToChangeIt() throws IOException {
        assertBusyPortIsReported(port -> DevstackOptions.defaults().withPostgresPort(port), "PostgreSQL",
                "--postgres-port");
    }

    @Test
    void busyRedisPortIsReportedWithTheFlagToChangeIt() throws IOException {
        assertBusyPortIsReported(port -> DevstackOptions.defaults().withRedisPort(port), "Redis", "--redis-port");
    }

    private static void assertBusyPortIsReported(IntFunction<DevstackOptions> optionsWithPort, String component,
            String flag) throws IOException {
        try (ServerSocket occupant = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = occupant.getLocalPort();

            assertThatThrownBy(() -> Devstack.start(optionsWithPort.apply(port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(component + " port " + port + " is already in use; choose another with " + flag);
        }
    }

    private static void execute(Devstack stack, String... statements) throws SQLException {
        try (Connection connection = connect(stack); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static int count(Devstack stack, String query) throws SQLException {
        try (Connection connection = connect(stack);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getInt(1);
        }
    }

    private static Connection connect(Devstack stack) throws SQLException {
        Postgres postgres = stack.postgres();
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
