package io.orderpipeline.testsupport.warehouse;

import io.orderpipeline.devstack.Postgres;
import io.orderpipeline.testsupport.oracle.MartRow;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The warehouse as a client sees it, over JDBC: the marts, the staged versions, and any query a test asks. It never
 * goes through a service, so the same checks hold whether the service runs in the test's JVM or as a process.
 */
public final class Warehouse {

    private static final String PRODUCTS = """
            SELECT user_id, product_id, product_name, order_cnt FROM cdm.user_product_counters
             WHERE (CAST(? AS uuid[]) IS NULL OR user_id = ANY(CAST(? AS uuid[])))""";
    private static final String CATEGORIES = """
            SELECT user_id, category_id, category_name, order_cnt FROM cdm.user_category_counters
             WHERE (CAST(? AS uuid[]) IS NULL OR user_id = ANY(CAST(? AS uuid[])))""";

    private final String jdbcUrl;
    private final String username;
    private final String password;

    public Warehouse(String jdbcUrl, String username, String password) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    public static Warehouse of(Postgres postgres) {
        return new Warehouse(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    public List<MartRow> productCounters() {
        return marts(PRODUCTS, null);
    }

    public List<MartRow> productCounters(Collection<UUID> users) {
        return marts(PRODUCTS, users);
    }

    public List<MartRow> productCounters(UUID user) {
        return productCounters(List.of(user));
    }

    public List<MartRow> categoryCounters() {
        return marts(CATEGORIES, null);
    }

    public List<MartRow> categoryCounters(Collection<UUID> users) {
        return marts(CATEGORIES, users);
    }

    public List<MartRow> categoryCounters(UUID user) {
        return categoryCounters(List.of(user));
    }

    /** The newest stored version of each order in stg: object_id → update_ts as text. */
    public Map<Long, String> stagedVersions() {
        Map<Long, String> versions = new HashMap<>();
        rows("SELECT object_id, update_ts::text AS update_ts FROM stg.order_events")
                .forEach(row -> versions.put((Long) row.get("object_id"), (String) row.get("update_ts")));
        return versions;
    }

    /** The single number a query such as {@code SELECT count(*) ...} returns. */
    public long number(String sql, Object... parameters) {
        return rows(sql, parameters).get(0).getLong(0);
    }

    /** The rows a query returns; parameters are {@code ?}, a {@code UUID[]} one is a uuid array. */
    public List<Row> rows(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet results = statement.executeQuery()) {
            ResultSetMetaData columns = results.getMetaData();
            List<Row> rows = new ArrayList<>();
            while (results.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    Object value = results.getObject(i);
                    row.put(columns.getColumnLabel(i), value instanceof Timestamp timestamp
                            && "timestamp".equals(columns.getColumnTypeName(i)) ? timestamp.toLocalDateTime() : value);
                }
                rows.add(new Row(row));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the warehouse: " + e.getMessage(), e);
        }
    }

    /** A statement that returns nothing: to corrupt a mart on purpose, or to drop what a test left. */
    public void execute(String sql, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the warehouse: " + e.getMessage(), e);
        }
    }

    private List<MartRow> marts(String sql, Collection<UUID> users) {
        UUID[] selected = users == null ? null : users.toArray(UUID[]::new);
        List<MartRow> rows = new ArrayList<>();
        for (Row row : rows(sql, selected, selected)) {
            rows.add(new MartRow(row.getUUID(0), row.getUUID(1), row.getString(2), row.getLong(3).intValue()));
        }
        // The oracle's order: PostgreSQL orders uuids by their bytes unsigned, Java by signed halves.
        rows.sort(MartRow.ORDER);
        return rows;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object parameter = parameters[i];
            if (parameter instanceof UUID[] uuids) {
                statement.setArray(i + 1, connection.createArrayOf("uuid", uuids));
            } else if (parameter == null) {
                statement.setNull(i + 1, java.sql.Types.ARRAY);
            } else {
                statement.setObject(i + 1, parameter);
            }
        }
        return statement;
    }
}
