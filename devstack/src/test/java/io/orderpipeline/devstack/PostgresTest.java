package io.orderpipeline.devstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Tag(Devstack.TEST_TAG)
class PostgresTest {

    private static Postgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = new Postgres(0, null);
        postgres.start();
    }

    @AfterAll
    static void closePostgres() {
        postgres.close();
    }

    @Test
    void warehouseDatabaseStoresAndReturnsRows() throws SQLException {
        execute("CREATE TABLE smoke (id int PRIMARY KEY, name text)");
        execute("INSERT INTO smoke VALUES (1, 'first')");

        assertThat(names("SELECT name FROM smoke")).containsExactly("first");
        assertThat(names("SELECT current_database()")).containsExactly(Postgres.DATABASE);
    }

    @Test
    void committedRowIsStillThereAfterRestart() throws SQLException {
        execute("CREATE TABLE survivor (id int PRIMARY KEY, name text)");
        execute("INSERT INTO survivor VALUES (1, 'before restart')");

        postgres.restart();

        assertThat(names("SELECT name FROM survivor")).containsExactly("before restart");
    }

    @Test
    void commitsWaitForTheWriteAheadLog() throws SQLException {
        assertThat(names("SHOW synchronous_commit")).containsExactly("on");
        assertThat(names("SHOW fsync")).as("tests need not wait for the disk").containsExactly("off");
    }

    @Test
    void aDurableServerWaitsForTheDiskAndNamesItsProcess() throws SQLException {
        try (Postgres durable = Postgres.durable(0, null)) {
            durable.start();
            try (Connection connection = DriverManager.getConnection(durable.jdbcUrl(), durable.username(),
                    durable.password());
                 Statement statement = connection.createStatement();
                 ResultSet fsync = statement.executeQuery("SHOW fsync")) {
                fsync.next();
                assertThat(fsync.getString(1)).isEqualTo("on");
            }
            assertThat(ProcessHandle.of(durable.serverProcessId())).as("the postmaster").isPresent();
        }
    }

    @Test
    void urlsPointAtTheWarehouseDatabaseOnLoopback() {
        int port = postgres.port();
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/warehouse");
        assertThat(postgres.reactiveUrl()).isEqualTo("postgresql://127.0.0.1:" + port + "/warehouse");
    }

    @Test
    void namedDatabaseIsCreatedOnce() throws SQLException {
        postgres.createDatabase("reports");
        postgres.createDatabase("reports");

        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("reports"),
                postgres.username(), postgres.password())) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> names(String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
