package io.orderpipeline.cdm.persistence;

import io.orderpipeline.cdm.mart.CounterDelta;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The two marts, {@code cdm.user_product_counters} and {@code cdm.user_category_counters}. */
@ApplicationScoped
public class CounterRepository {

    /**
     * Adds each row's net change (rows in key order, so that concurrent batches lock them in the same order).
     * A change without a name leaves the row's name as it is.
     */
    static final String ADD_TO_PRODUCT_COUNTERS = """
            INSERT INTO cdm.user_product_counters AS counters (user_id, product_id, product_name, order_cnt)
            SELECT user_id, product_id, product_name, change
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS delta(user_id, product_id, product_name, change)
             ORDER BY user_id, product_id
            ON CONFLICT (user_id, product_id) DO UPDATE
               SET order_cnt    = counters.order_cnt + excluded.order_cnt,
                   product_name = coalesce(excluded.product_name, counters.product_name)
            """;

    /** The mart lists only pairs with at least one counted order. */
    static final String DELETE_EMPTY_PRODUCT_COUNTERS = """
            DELETE FROM cdm.user_product_counters AS counters
             USING unnest($1::uuid[], $2::uuid[]) AS touched(user_id, product_id)
             WHERE counters.user_id = touched.user_id
               AND counters.product_id = touched.product_id
               AND counters.order_cnt = 0
            """;

    static final String ADD_TO_CATEGORY_COUNTERS = """
            INSERT INTO cdm.user_category_counters AS counters (user_id, category_id, category_name, order_cnt)
            SELECT user_id, category_id, category_name, change
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS delta(user_id, category_id, category_name, change)
             ORDER BY user_id, category_id
            ON CONFLICT (user_id, category_id) DO UPDATE
               SET order_cnt     = counters.order_cnt + excluded.order_cnt,
                   category_name = coalesce(excluded.category_name, counters.category_name)
            """;

    static final String DELETE_EMPTY_CATEGORY_COUNTERS = """
            DELETE FROM cdm.user_category_counters AS counters
             USING unnest($1::uuid[], $2::uuid[]) AS touched(user_id, category_id)
             WHERE counters.user_id = touched.user_id
               AND counters.category_id = touched.category_id
               AND counters.order_cnt = 0
            """;

    /** One of the two marts, with its statements. */
    public enum Mart {
        USER_PRODUCTS(ADD_TO_PRODUCT_COUNTERS, DELETE_EMPTY_PRODUCT_COUNTERS),
        USER_CATEGORIES(ADD_TO_CATEGORY_COUNTERS, DELETE_EMPTY_CATEGORY_COUNTERS);

        private final String add;
        private final String deleteEmpty;

        Mart(String add, String deleteEmpty) {
            this.add = add;
            this.deleteEmpty = deleteEmpty;
        }
    }

    /** Applies a batch's net changes to one mart: one statement for all rows, one more if any row lost an order. */
    public Uni<Void> apply(SqlConnection transaction, Mart mart, List<CounterDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = deltas.size();
        UUID[] userIds = new UUID[size];
        UUID[] itemIds = new UUID[size];
        String[] names = new String[size];
        Integer[] changes = new Integer[size];
        for (int i = 0; i < size; i++) {
            CounterDelta delta = deltas.get(i);
            userIds[i] = delta.userKey();
            itemIds[i] = delta.itemKey();
            names[i] = delta.itemName();
            changes[i] = delta.change();
        }
        List<CounterDelta> shrunk = deltas.stream().filter(delta -> delta.change() < 0).toList();
        return transaction.preparedQuery(mart.add).execute(Tuple.of(userIds, itemIds, names, changes))
                .chain(() -> shrunk.isEmpty() ? Uni.createFrom().voidItem() : deleteEmpty(transaction, mart, shrunk));
    }

    private static Uni<Void> deleteEmpty(SqlConnection transaction, Mart mart, List<CounterDelta> shrunk) {
        UUID[] userIds = shrunk.stream().map(CounterDelta::userKey).toArray(UUID[]::new);
        UUID[] itemIds = shrunk.stream().map(CounterDelta::itemKey).toArray(UUID[]::new);
        return transaction.preparedQuery(mart.deleteEmpty).execute(Tuple.of(userIds, itemIds)).replaceWithVoid();
    }
}
