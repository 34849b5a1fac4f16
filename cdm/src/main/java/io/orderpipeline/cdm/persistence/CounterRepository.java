package io.orderpipeline.cdm.persistence;

import io.orderpipeline.cdm.mart.CounterDelta;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The two marts, {@code cdm.user_product_counters} and {@code cdm.user_category_counters}. A batch's net changes
 * reach a mart in at most three set-based statements: rows that gain or keep their count are upserted, rows that
 * lose are updated, and those of them that reached 0 are deleted. (INSERT ... ON CONFLICT checks NOT NULL and CHECK
 * on the row it proposes before it finds the conflict, so a shrinking row, whose proposed count is negative and
 * whose name may be unknown, cannot go through the upsert even though it exists.)
 */
@ApplicationScoped
public class CounterRepository {

    /**
     * Rows that gain or keep their count, which an applied CLOSED version names: created, or changed and renamed,
     * in key order so that concurrent batches lock them in the same order.
     */
    static final String UPSERT_PRODUCT_COUNTERS = """
            INSERT INTO cdm.user_product_counters AS counters (user_id, product_id, product_name, order_cnt)
            SELECT user_id, product_id, product_name, change
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS delta(user_id, product_id, product_name, change)
             ORDER BY user_id, product_id
            ON CONFLICT (user_id, product_id) DO UPDATE
               SET order_cnt    = counters.order_cnt + excluded.order_cnt,
                   product_name = excluded.product_name
            """;

    /**
     * Rows that lose orders; they exist, since those orders were counted. A name comes with the change when an
     * applied CLOSED version also names the item.
     */
    static final String SHRINK_PRODUCT_COUNTERS = """
            UPDATE cdm.user_product_counters AS counters
               SET order_cnt    = counters.order_cnt + delta.change,
                   product_name = coalesce(delta.product_name, counters.product_name)
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS delta(user_id, product_id, product_name, change)
             WHERE counters.user_id = delta.user_id
               AND counters.product_id = delta.product_id
            """;

    /** The mart lists only pairs with at least one counted order. */
    static final String DELETE_EMPTY_PRODUCT_COUNTERS = """
            DELETE FROM cdm.user_product_counters AS counters
             USING unnest($1::uuid[], $2::uuid[]) AS shrunk(user_id, product_id)
             WHERE counters.user_id = shrunk.user_id
               AND counters.product_id = shrunk.product_id
               AND counters.order_cnt = 0
            """;

    static final String UPSERT_CATEGORY_COUNTERS = """
            INSERT INTO cdm.user_category_counters AS counters (user_id, category_id, category_name, order_cnt)
            SELECT user_id, category_id, category_name, change
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS delta(user_id, category_id, category_name, change)
             ORDER BY user_id, category_id
            ON CONFLICT (user_id, category_id) DO UPDATE
               SET order_cnt     = counters.order_cnt + excluded.order_cnt,
                   category_name = excluded.category_name
            """;

    static final String SHRINK_CATEGORY_COUNTERS = """
            UPDATE cdm.user_category_counters AS counters
               SET order_cnt     = counters.order_cnt + delta.change,
                   category_name = coalesce(delta.category_name, counters.category_name)
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS delta(user_id, category_id, category_name, change)
             WHERE counters.user_id = delta.user_id
               AND counters.category_id = delta.category_id
            """;

    static final String DELETE_EMPTY_CATEGORY_COUNTERS = """
            DELETE FROM cdm.user_category_counters AS counters
             USING unnest($1::uuid[], $2::uuid[]) AS shrunk(user_id, category_id)
             WHERE counters.user_id = shrunk.user_id
               AND counters.category_id = shrunk.category_id
               AND counters.order_cnt = 0
            """;

    /** One of the two marts, with its statements. */
    public enum Mart {
        USER_PRODUCTS(UPSERT_PRODUCT_COUNTERS, SHRINK_PRODUCT_COUNTERS, DELETE_EMPTY_PRODUCT_COUNTERS),
        USER_CATEGORIES(UPSERT_CATEGORY_COUNTERS, SHRINK_CATEGORY_COUNTERS, DELETE_EMPTY_CATEGORY_COUNTERS);

        private final String upsert;
        private final String shrink;
        private final String deleteEmpty;

        Mart(String upsert, String shrink, String deleteEmpty) {
            this.upsert = upsert;
            this.shrink = shrink;
            this.deleteEmpty = deleteEmpty;
        }
    }

    /**
     * Applies a batch's net changes (at most one per row) to one mart. A row that does not shrink has a name: its
     * change comes from an applied CLOSED version (see {@link CounterDelta}).
     */
    public Uni<Void> apply(SqlConnection transaction, Mart mart, List<CounterDelta> deltas) {
        List<CounterDelta> growing = select(deltas, delta -> delta.change() >= 0);
        List<CounterDelta> shrinking = select(deltas, delta -> delta.change() < 0);
        return execute(transaction, mart.upsert, growing, CounterRepository::columns)
                .chain(() -> execute(transaction, mart.shrink, shrinking, CounterRepository::columns))
                .chain(() -> execute(transaction, mart.deleteEmpty, shrinking, CounterRepository::keyColumns));
    }

    private static List<CounterDelta> select(List<CounterDelta> deltas, Predicate<CounterDelta> which) {
        return deltas.stream().filter(which).toList();
    }

    private static Uni<Void> execute(SqlConnection transaction, String sql, List<CounterDelta> deltas,
            Function<List<CounterDelta>, Tuple> columns) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return transaction.preparedQuery(sql).execute(columns.apply(deltas)).replaceWithVoid();
    }

    private static Tuple columns(List<CounterDelta> deltas) {
        return keyColumns(deltas)
                .addArrayOfString(deltas.stream().map(CounterDelta::itemName).toArray(String[]::new))
                .addArrayOfInteger(deltas.stream().map(CounterDelta::change).toArray(Integer[]::new));
    }

    private static Tuple keyColumns(List<CounterDelta> deltas) {
        return Tuple.tuple()
                .addArrayOfUUID(deltas.stream().map(CounterDelta::userKey).toArray(UUID[]::new))
                .addArrayOfUUID(deltas.stream().map(CounterDelta::itemKey).toArray(UUID[]::new));
    }
}
