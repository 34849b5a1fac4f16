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
 * reach a mart in at most three set-based statements: the rows an applied CLOSED version names are upserted
 * (with that name), the rows only withdrawn from are updated, and those of them that reached 0 are deleted.
 */
@ApplicationScoped
public class CounterRepository {

    /**
     * Rows named by an applied CLOSED version: created, or changed and renamed, in key order so that concurrent
     * batches lock them in the same order. (Withdrawals have no name to give, and INSERT checks NOT NULL before
     * it looks for a conflict, so they cannot come through here.)
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

    /** Rows that only lost orders; they exist, since those orders were counted. */
    static final String WITHDRAW_FROM_PRODUCT_COUNTERS = """
            UPDATE cdm.user_product_counters AS counters
               SET order_cnt = counters.order_cnt + delta.change
              FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS delta(user_id, product_id, change)
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

    static final String WITHDRAW_FROM_CATEGORY_COUNTERS = """
            UPDATE cdm.user_category_counters AS counters
               SET order_cnt = counters.order_cnt + delta.change
              FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS delta(user_id, category_id, change)
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
        USER_PRODUCTS(UPSERT_PRODUCT_COUNTERS, WITHDRAW_FROM_PRODUCT_COUNTERS, DELETE_EMPTY_PRODUCT_COUNTERS),
        USER_CATEGORIES(UPSERT_CATEGORY_COUNTERS, WITHDRAW_FROM_CATEGORY_COUNTERS, DELETE_EMPTY_CATEGORY_COUNTERS);

        private final String upsert;
        private final String withdraw;
        private final String deleteEmpty;

        Mart(String upsert, String withdraw, String deleteEmpty) {
            this.upsert = upsert;
            this.withdraw = withdraw;
            this.deleteEmpty = deleteEmpty;
        }
    }

    /** Applies a batch's net changes (at most one per row) to one mart. */
    public Uni<Void> apply(SqlConnection transaction, Mart mart, List<CounterDelta> deltas) {
        List<CounterDelta> named = select(deltas, delta -> delta.itemName() != null);
        List<CounterDelta> withdrawn = select(deltas, delta -> delta.itemName() == null);
        List<CounterDelta> shrunk = select(deltas, delta -> delta.change() < 0);
        return execute(transaction, mart.upsert, named, CounterRepository::upsertColumns)
                .chain(() -> execute(transaction, mart.withdraw, withdrawn, CounterRepository::withdrawColumns))
                .chain(() -> execute(transaction, mart.deleteEmpty, shrunk, CounterRepository::keyColumns));
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

    private static Tuple upsertColumns(List<CounterDelta> deltas) {
        return keyColumns(deltas)
                .addArrayOfString(deltas.stream().map(CounterDelta::itemName).toArray(String[]::new))
                .addArrayOfInteger(changes(deltas));
    }

    private static Tuple withdrawColumns(List<CounterDelta> deltas) {
        return keyColumns(deltas).addArrayOfInteger(changes(deltas));
    }

    private static Tuple keyColumns(List<CounterDelta> deltas) {
        return Tuple.tuple()
                .addArrayOfUUID(deltas.stream().map(CounterDelta::userKey).toArray(UUID[]::new))
                .addArrayOfUUID(deltas.stream().map(CounterDelta::itemKey).toArray(UUID[]::new));
    }

    private static Integer[] changes(List<CounterDelta> deltas) {
        return deltas.stream().map(CounterDelta::change).toArray(Integer[]::new);
    }
}
