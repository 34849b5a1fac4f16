package io.orderpipeline.cdm.messaging;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Reads the marts as they are, for the given users. */
final class Marts {

    private static final String PRODUCTS = """
            SELECT user_id, product_id, product_name, order_cnt FROM cdm.user_product_counters
             WHERE user_id = ANY($1) ORDER BY user_id, product_id
            """;
    private static final String CATEGORIES = """
            SELECT user_id, category_id, category_name, order_cnt FROM cdm.user_category_counters
             WHERE user_id = ANY($1) ORDER BY user_id, category_id
            """;

    private final Pool database;

    Marts(Pool database) {
        this.database = database;
    }

    List<MartRow> products(Collection<UUID> users) {
        return read(PRODUCTS, users);
    }

    List<MartRow> products(UUID user) {
        return products(List.of(user));
    }

    List<MartRow> categories(Collection<UUID> users) {
        return read(CATEGORIES, users);
    }

    List<MartRow> categories(UUID user) {
        return categories(List.of(user));
    }

    private List<MartRow> read(String sql, Collection<UUID> users) {
        List<MartRow> rows = new ArrayList<>();
        for (Row row : database.preparedQuery(sql).execute(Tuple.of(users.toArray(UUID[]::new)))
                .await().atMost(Duration.ofSeconds(10))) {
            rows.add(new MartRow(row.getUUID(0), row.getUUID(1), row.getString(2), row.getInteger(3)));
        }
        rows.sort(MartRow.ORDER);
        return rows;
    }
}
