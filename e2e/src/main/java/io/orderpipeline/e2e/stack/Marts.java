package io.orderpipeline.e2e.stack;

import io.orderpipeline.e2e.sample.ExpectedMarts;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the warehouse over JDBC, as an analyst would. */
public final class Marts {

    private static final String PRODUCT_COUNTERS =
            "SELECT user_id, product_id, product_name, order_cnt FROM cdm.user_product_counters";
    private static final String CATEGORY_COUNTERS =
            "SELECT user_id, category_id, category_name, order_cnt FROM cdm.user_category_counters";
    private static final String TOP_PRODUCTS = """
            SELECT product_name, sum(order_cnt) AS orders, count(*) AS users
              FROM cdm.user_product_counters GROUP BY product_name ORDER BY orders DESC, product_name LIMIT 5""";
    private static final String TOP_CATEGORIES = """
            SELECT category_name, sum(order_cnt) AS orders, count(*) AS users
              FROM cdm.user_category_counters GROUP BY category_name ORDER BY orders DESC, category_name LIMIT 5""";

    private final String jdbcUrl;
    private final String username;
    private final String password;

    public Marts(String jdbcUrl, String username, String password) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    public Map<ExpectedMarts.Row, Integer> productCounters() {
        return counters(PRODUCT_COUNTERS);
    }

    public Map<ExpectedMarts.Row, Integer> categoryCounters() {
        return counters(CATEGORY_COUNTERS);
    }

    /** The newest stored version of each order in stg: object_id → update_ts text. */
    public Map<Long, String> stagedVersions() {
        Map<Long, String> versions = new HashMap<>();
        query("SELECT object_id, update_ts::text FROM stg.order_events", row -> versions.put(row.getLong(1), row.getString(2)));
        return versions;
    }

    public long count(String table) {
        long[] count = new long[1];
        query(switch (table) {
            case "stg.order_events" -> "SELECT count(*) FROM stg.order_events";
            case "cdm.user_product_counters" -> "SELECT count(*) FROM cdm.user_product_counters";
            case "cdm.user_category_counters" -> "SELECT count(*) FROM cdm.user_category_counters";
            default -> throw new IllegalArgumentException("not a table the local run reports: " + table);
        }, row -> count[0] = row.getLong(1));
        return count[0];
    }

    public List<String> topProducts() {
        return top(TOP_PRODUCTS);
    }

    public List<String> topCategories() {
        return top(TOP_CATEGORIES);
    }

    private List<String> top(String sql) {
        List<String> lines = new ArrayList<>();
        query(sql, row -> lines.add(String.format("%-28s %7d orders  %5d users", row.getString(1), row.getLong(2),
                row.getLong(3))));
        return lines;
    }

    private Map<ExpectedMarts.Row, Integer> counters(String sql) {
        Map<ExpectedMarts.Row, Integer> rows = new HashMap<>();
        query(sql, row -> rows.put(new ExpectedMarts.Row(row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                row.getString(3)), row.getInt(4)));
        return rows;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowReader reader) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the warehouse: " + e.getMessage(), e);
        }
    }
}
