package io.orderpipeline.ops.rebuild;

import io.orderpipeline.ops.BlockingTransaction;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Recomputes both marts from {@code cdm.order_state}, which holds the newest version of every order cdm has
 * applied, with its products, categories and their names: per user and product (category), the orders whose newest
 * version is CLOSED and contains it, named as in the newest of them. That is the marts' definition, and the oracle's.
 *
 * <p>Safe while cdm runs: the transaction first takes {@code cdm.order_state} in EXCLUSIVE mode, which every cdm
 * batch needs a row lock on before it writes anything, so batches wait (readers do not) until the rebuild commits,
 * then go on from the rebuilt marts. Nothing is lost (a waiting batch applies after), nothing is counted twice (the
 * marts are recomputed from exactly the states that the waiting batches will compare their versions with). Only
 * rows that differ are written; analysts see the old marts until the commit, then the rebuilt ones.
 */
@ApplicationScoped
public class CdmRebuild {

    static final String FENCE = "LOCK TABLE cdm.order_state IN EXCLUSIVE MODE";

    static final String EXPECTED_PRODUCT_COUNTERS = """
            CREATE TEMPORARY TABLE expected_product_counters ON COMMIT DROP AS
            SELECT state.user_id, item.product_id, count(*)::int AS order_cnt,
                   (array_agg(item.product_name ORDER BY state.update_ts DESC, state.sent_dttm DESC, state.order_id)
                        FILTER (WHERE item.product_name IS NOT NULL))[1] AS product_name
              FROM cdm.order_state AS state
             CROSS JOIN LATERAL unnest(state.product_ids,
                                       CASE WHEN cardinality(state.product_names) = cardinality(state.product_ids)
                                            THEN state.product_names END) AS item(product_id, product_name)
             WHERE state.status = 'CLOSED'
             GROUP BY state.user_id, item.product_id
            """;

    static final String DELETE_UNEXPECTED_PRODUCT_COUNTERS = """
            DELETE FROM cdm.user_product_counters AS counters
             WHERE NOT EXISTS (SELECT 1 FROM expected_product_counters AS expected
                                WHERE expected.user_id = counters.user_id AND expected.product_id = counters.product_id)
            """;

    /**
     * Inserts missing rows and corrects wrong ones; {@code inserted} tells the two apart (a new row has no xmax). A state's
     * names count only where there are as many as keys: one written by a cdm of the version before names (during a
     * rolling upgrade) has none, or those of its previous version; then the newest other order names the item, or
     * else the row keeps its name.
     */
    static final String UPSERT_EXPECTED_PRODUCT_COUNTERS = """
            INSERT INTO cdm.user_product_counters AS counters (user_id, product_id, product_name, order_cnt)
            SELECT expected.user_id, expected.product_id, coalesce(expected.product_name, existing.product_name),
                   expected.order_cnt
              FROM expected_product_counters AS expected
              LEFT JOIN cdm.user_product_counters AS existing
                     ON existing.user_id = expected.user_id AND existing.product_id = expected.product_id
             ORDER BY expected.user_id, expected.product_id
            ON CONFLICT (user_id, product_id) DO UPDATE
               SET order_cnt = excluded.order_cnt, product_name = excluded.product_name
             WHERE (counters.order_cnt, counters.product_name) IS DISTINCT FROM (excluded.order_cnt, excluded.product_name)
            RETURNING (xmax = 0) AS inserted
            """;

    static final String EXPECTED_CATEGORY_COUNTERS = """
            CREATE TEMPORARY TABLE expected_category_counters ON COMMIT DROP AS
            SELECT state.user_id, item.category_id, count(*)::int AS order_cnt,
                   (array_agg(item.category_name ORDER BY state.update_ts DESC, state.sent_dttm DESC, state.order_id)
                        FILTER (WHERE item.category_name IS NOT NULL))[1] AS category_name
              FROM cdm.order_state AS state
             CROSS JOIN LATERAL unnest(state.category_ids,
                                       CASE WHEN cardinality(state.category_names) = cardinality(state.category_ids)
                                            THEN state.category_names END) AS item(category_id, category_name)
             WHERE state.status = 'CLOSED'
             GROUP BY state.user_id, item.category_id
            """;

    static final String DELETE_UNEXPECTED_CATEGORY_COUNTERS = """
            DELETE FROM cdm.user_category_counters AS counters
             WHERE NOT EXISTS (SELECT 1 FROM expected_category_counters AS expected
                                WHERE expected.user_id = counters.user_id AND expected.category_id = counters.category_id)
            """;

    static final String UPSERT_EXPECTED_CATEGORY_COUNTERS = """
            INSERT INTO cdm.user_category_counters AS counters (user_id, category_id, category_name, order_cnt)
            SELECT expected.user_id, expected.category_id, coalesce(expected.category_name, existing.category_name),
                   expected.order_cnt
              FROM expected_category_counters AS expected
              LEFT JOIN cdm.user_category_counters AS existing
                     ON existing.user_id = expected.user_id AND existing.category_id = expected.category_id
             ORDER BY expected.user_id, expected.category_id
            ON CONFLICT (user_id, category_id) DO UPDATE
               SET order_cnt = excluded.order_cnt, category_name = excluded.category_name
             WHERE (counters.order_cnt, counters.category_name) IS DISTINCT FROM (excluded.order_cnt, excluded.category_name)
            RETURNING (xmax = 0) AS inserted
            """;

    static final String ROWS = "SELECT (SELECT count(*) FROM expected_product_counters), "
            + "(SELECT count(*) FROM expected_category_counters)";

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    /** What the rebuild changed in one mart. */
    public record MartChange(String mart, long rows, long deleted, long inserted, long corrected) {
        public boolean changed() {
            return deleted + inserted + corrected > 0;
        }
    }

    /** @param locked how long the rebuild held cdm.order_state: the longest a cdm batch waited for it */
    public record Result(MartChange products, MartChange categories, Duration locked) {
    }

    private final Pool database;

    CdmRebuild(Pool database) {
        this.database = database;
    }

    /** @param dryRun compute and report the changes, then roll them back */
    public Result run(boolean dryRun) {
        try (BlockingTransaction transaction = BlockingTransaction.begin(database, TIMEOUT)) {
            SqlConnection connection = transaction.connection();
            // From the request on: cdm's batches queue behind it from then, not only once it is granted.
            long lockedAt = System.nanoTime();
            execute(connection, FENCE);
            execute(connection, EXPECTED_PRODUCT_COUNTERS);
            execute(connection, EXPECTED_CATEGORY_COUNTERS);
            Row rows = execute(connection, ROWS).iterator().next();
            MartChange products = change(connection, "cdm.user_product_counters", rows.getLong(0),
                    DELETE_UNEXPECTED_PRODUCT_COUNTERS, UPSERT_EXPECTED_PRODUCT_COUNTERS);
            MartChange categories = change(connection, "cdm.user_category_counters", rows.getLong(1),
                    DELETE_UNEXPECTED_CATEGORY_COUNTERS, UPSERT_EXPECTED_CATEGORY_COUNTERS);
            if (dryRun) {
                transaction.rollback();
            } else {
                transaction.commit();
            }
            return new Result(products, categories, Duration.ofNanos(System.nanoTime() - lockedAt));
        }
    }

    private static MartChange change(SqlConnection connection, String mart, long rows, String delete, String upsert) {
        long deleted = execute(connection, delete).rowCount();
        long inserted = 0;
        long corrected = 0;
        for (Row row : execute(connection, upsert)) {
            if (row.getBoolean(0)) {
                inserted++;
            } else {
                corrected++;
            }
        }
        return new MartChange(mart, rows, deleted, inserted, corrected);
    }

    private static RowSet<Row> execute(SqlConnection connection, String sql) {
        return connection.query(sql).execute().await().atMost(TIMEOUT);
    }
}
