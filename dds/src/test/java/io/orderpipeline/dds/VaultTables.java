package io.orderpipeline.dds;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads schema dds for assertions. */
public final class VaultTables {

    public static final List<String> ALL = List.of(
            "h_user", "h_product", "h_category", "h_restaurant", "h_order",
            "l_order_product", "l_product_restaurant", "l_product_category", "l_order_user",
            "s_user_names", "s_product_names", "s_restaurant_names", "s_order_cost", "s_order_status");

    private final Pool database;

    public VaultTables(Pool database) {
        this.database = database;
    }

    public List<Row> rows(String sql, Object... parameters) {
        List<Row> rows = new ArrayList<>();
        database.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(Duration.ofSeconds(30))
                .forEach(rows::add);
        return rows;
    }

    public long count(String sql, Object... parameters) {
        return rows(sql, parameters).get(0).getLong(0);
    }

    /** Rows in every hub, link and satellite. */
    public long countAll() {
        StringBuilder sql = new StringBuilder("SELECT 0");
        for (String table : ALL) {
            sql.append(" + (SELECT count(*) FROM dds.").append(table).append(')');
        }
        return count(sql.toString());
    }
}
