package io.orderpipeline.dds.persistence;

import io.orderpipeline.dds.vault.VaultRows;
import io.orderpipeline.dds.vault.VaultRows.Hub;
import io.orderpipeline.dds.vault.VaultRows.Link;
import io.orderpipeline.dds.vault.VaultRows.Name;
import io.orderpipeline.dds.vault.VaultRows.OrderCost;
import io.orderpipeline.dds.vault.VaultRows.OrderHub;
import io.orderpipeline.dds.vault.VaultRows.OrderStatus;
import io.orderpipeline.dds.vault.VaultRows.UserNames;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The hubs, links and satellites of schema {@code dds}. A batch is one transaction of one statement per
 * table, each over arrays ({@code unnest}), all sent on one connection without waiting for each other: the
 * client pipelines them, so the batch costs about one round trip. Hubs go first, then links (their foreign
 * keys need the hubs), then satellites. Every statement inserts its rows sorted by key, so two instances
 * writing overlapping batches take their locks in the same order and never deadlock.
 */
@ApplicationScoped
public class VaultRepository {

    // ---- Hubs: insert-only ----

    static final String INSERT_USER_HUBS = """
            INSERT INTO dds.h_user (h_user_pk, user_id, load_src)
            SELECT batch.h_user_pk, batch.user_id, $3
              FROM unnest($1::uuid[], $2::text[]) AS batch(h_user_pk, user_id)
             ORDER BY batch.h_user_pk
            ON CONFLICT (h_user_pk) DO NOTHING
            """;

    static final String INSERT_PRODUCT_HUBS = """
            INSERT INTO dds.h_product (h_product_pk, product_id, load_src)
            SELECT batch.h_product_pk, batch.product_id, $3
              FROM unnest($1::uuid[], $2::text[]) AS batch(h_product_pk, product_id)
             ORDER BY batch.h_product_pk
            ON CONFLICT (h_product_pk) DO NOTHING
            """;

    static final String INSERT_CATEGORY_HUBS = """
            INSERT INTO dds.h_category (h_category_pk, category_name, load_src)
            SELECT batch.h_category_pk, batch.category_name, $3
              FROM unnest($1::uuid[], $2::text[]) AS batch(h_category_pk, category_name)
             ORDER BY batch.h_category_pk
            ON CONFLICT (h_category_pk) DO NOTHING
            """;

    static final String INSERT_RESTAURANT_HUBS = """
            INSERT INTO dds.h_restaurant (h_restaurant_pk, restaurant_id, load_src)
            SELECT batch.h_restaurant_pk, batch.restaurant_id, $3
              FROM unnest($1::uuid[], $2::text[]) AS batch(h_restaurant_pk, restaurant_id)
             ORDER BY batch.h_restaurant_pk
            ON CONFLICT (h_restaurant_pk) DO NOTHING
            """;

    static final String INSERT_ORDER_HUBS = """
            INSERT INTO dds.h_order (h_order_pk, order_id, order_dt, load_src)
            SELECT batch.h_order_pk, batch.order_id, batch.order_dt, $4
              FROM unnest($1::uuid[], $2::bigint[], $3::timestamp[]) AS batch(h_order_pk, order_id, order_dt)
             ORDER BY batch.h_order_pk
            ON CONFLICT (h_order_pk) DO NOTHING
            """;

    // ---- Links: insert-only ----

    static final String INSERT_ORDER_PRODUCT_LINKS = """
            INSERT INTO dds.l_order_product (hk_order_product_pk, h_order_pk, h_product_pk, load_src)
            SELECT batch.hk_order_product_pk, batch.h_order_pk, batch.h_product_pk, $4
              FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS batch(hk_order_product_pk, h_order_pk, h_product_pk)
             ORDER BY batch.hk_order_product_pk
            ON CONFLICT (hk_order_product_pk) DO NOTHING
            """;

    static final String INSERT_PRODUCT_RESTAURANT_LINKS = """
            INSERT INTO dds.l_product_restaurant (hk_product_restaurant_pk, h_product_pk, h_restaurant_pk, load_src)
            SELECT batch.hk_product_restaurant_pk, batch.h_product_pk, batch.h_restaurant_pk, $4
              FROM unnest($1::uuid[], $2::uuid[], $3::uuid[])
                   AS batch(hk_product_restaurant_pk, h_product_pk, h_restaurant_pk)
             ORDER BY batch.hk_product_restaurant_pk
            ON CONFLICT (hk_product_restaurant_pk) DO NOTHING
            """;

    static final String INSERT_PRODUCT_CATEGORY_LINKS = """
            INSERT INTO dds.l_product_category (hk_product_category_pk, h_product_pk, h_category_pk, load_src)
            SELECT batch.hk_product_category_pk, batch.h_product_pk, batch.h_category_pk, $4
              FROM unnest($1::uuid[], $2::uuid[], $3::uuid[])
                   AS batch(hk_product_category_pk, h_product_pk, h_category_pk)
             ORDER BY batch.hk_product_category_pk
            ON CONFLICT (hk_product_category_pk) DO NOTHING
            """;

    static final String INSERT_ORDER_USER_LINKS = """
            INSERT INTO dds.l_order_user (hk_order_user_pk, h_order_pk, h_user_pk, load_src)
            SELECT batch.hk_order_user_pk, batch.h_order_pk, batch.h_user_pk, $4
              FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS batch(hk_order_user_pk, h_order_pk, h_user_pk)
             ORDER BY batch.hk_order_user_pk
            ON CONFLICT (hk_order_user_pk) DO NOTHING
            """;

    // ---- Satellites: a row only for a new hub key, or a strictly newer source version that changes something ----

    static final String INSERT_USER_NAMES = """
            INSERT INTO dds.s_user_names (h_user_pk, username, userlogin, hashdiff, load_dt, load_src)
            SELECT batch.h_user_pk, batch.username, batch.userlogin, batch.hashdiff, batch.load_dt, $6
              FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::timestamp[])
                   AS batch(h_user_pk, username, userlogin, hashdiff, load_dt)
              LEFT JOIN LATERAL (SELECT stored.hashdiff, stored.load_dt
                                   FROM dds.s_user_names stored
                                  WHERE stored.h_user_pk = batch.h_user_pk
                                  ORDER BY stored.load_dt DESC
                                  LIMIT 1) latest ON true
             WHERE latest.load_dt IS NULL
                OR (batch.load_dt > latest.load_dt AND batch.hashdiff <> latest.hashdiff)
             ORDER BY batch.h_user_pk, batch.load_dt
            ON CONFLICT (h_user_pk, load_dt) DO NOTHING
            """;

    static final String INSERT_PRODUCT_NAMES = """
            INSERT INTO dds.s_product_names (h_product_pk, name, hashdiff, load_dt, load_src)
            SELECT batch.h_product_pk, batch.name, batch.hashdiff, batch.load_dt, $5
              FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamp[])
                   AS batch(h_product_pk, name, hashdiff, load_dt)
              LEFT JOIN LATERAL (SELECT stored.hashdiff, stored.load_dt
                                   FROM dds.s_product_names stored
                                  WHERE stored.h_product_pk = batch.h_product_pk
                                  ORDER BY stored.load_dt DESC
                                  LIMIT 1) latest ON true
             WHERE latest.load_dt IS NULL
                OR (batch.load_dt > latest.load_dt AND batch.hashdiff <> latest.hashdiff)
             ORDER BY batch.h_product_pk, batch.load_dt
            ON CONFLICT (h_product_pk, load_dt) DO NOTHING
            """;

    static final String INSERT_RESTAURANT_NAMES = """
            INSERT INTO dds.s_restaurant_names (h_restaurant_pk, name, hashdiff, load_dt, load_src)
            SELECT batch.h_restaurant_pk, batch.name, batch.hashdiff, batch.load_dt, $5
              FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamp[])
                   AS batch(h_restaurant_pk, name, hashdiff, load_dt)
              LEFT JOIN LATERAL (SELECT stored.hashdiff, stored.load_dt
                                   FROM dds.s_restaurant_names stored
                                  WHERE stored.h_restaurant_pk = batch.h_restaurant_pk
                                  ORDER BY stored.load_dt DESC
                                  LIMIT 1) latest ON true
             WHERE latest.load_dt IS NULL
                OR (batch.load_dt > latest.load_dt AND batch.hashdiff <> latest.hashdiff)
             ORDER BY batch.h_restaurant_pk, batch.load_dt
            ON CONFLICT (h_restaurant_pk, load_dt) DO NOTHING
            """;

    static final String INSERT_ORDER_COSTS = """
            INSERT INTO dds.s_order_cost (h_order_pk, cost, payment, hashdiff, load_dt, load_src)
            SELECT batch.h_order_pk, batch.cost, batch.payment, batch.hashdiff, batch.load_dt, $6
              FROM unnest($1::uuid[], $2::numeric[], $3::numeric[], $4::uuid[], $5::timestamp[])
                   AS batch(h_order_pk, cost, payment, hashdiff, load_dt)
              LEFT JOIN LATERAL (SELECT stored.hashdiff, stored.load_dt
                                   FROM dds.s_order_cost stored
                                  WHERE stored.h_order_pk = batch.h_order_pk
                                  ORDER BY stored.load_dt DESC
                                  LIMIT 1) latest ON true
             WHERE latest.load_dt IS NULL
                OR (batch.load_dt > latest.load_dt AND batch.hashdiff <> latest.hashdiff)
             ORDER BY batch.h_order_pk, batch.load_dt
            ON CONFLICT (h_order_pk, load_dt) DO NOTHING
            """;

    static final String INSERT_ORDER_STATUSES = """
            INSERT INTO dds.s_order_status (h_order_pk, status, hashdiff, load_dt, load_src)
            SELECT batch.h_order_pk, batch.status, batch.hashdiff, batch.load_dt, $5
              FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamp[])
                   AS batch(h_order_pk, status, hashdiff, load_dt)
              LEFT JOIN LATERAL (SELECT stored.hashdiff, stored.load_dt
                                   FROM dds.s_order_status stored
                                  WHERE stored.h_order_pk = batch.h_order_pk
                                  ORDER BY stored.load_dt DESC
                                  LIMIT 1) latest ON true
             WHERE latest.load_dt IS NULL
                OR (batch.load_dt > latest.load_dt AND batch.hashdiff <> latest.hashdiff)
             ORDER BY batch.h_order_pk, batch.load_dt
            ON CONFLICT (h_order_pk, load_dt) DO NOTHING
            """;

    private final Pool client;

    public VaultRepository(Pool client) {
        this.client = client;
    }

    /**
     * Writes the rows in one transaction. Idempotent: rows that are there already, and satellite rows that
     * would change nothing current, are left out.
     *
     * @param loadSrc the topic the rows were loaded from
     * @return how many rows were added, over all tables
     */
    public Uni<Integer> store(VaultRows rows, String loadSrc) {
        return client.withTransaction(connection -> {
            List<Uni<Integer>> statements = statements(new Statements(connection, loadSrc), rows);
            // Subscribed to in list order, so they reach PostgreSQL in that order; the first failure
            // (the one that aborted the transaction) is the one reported.
            return Uni.join().all(statements).andFailFast()
                    .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
        });
    }

    private static List<Uni<Integer>> statements(Statements sql, VaultRows rows) {
        List<Uni<Integer>> statements = new ArrayList<>(14);
        statements.add(sql.hubs(INSERT_USER_HUBS, rows.users()));
        statements.add(sql.hubs(INSERT_PRODUCT_HUBS, rows.products()));
        statements.add(sql.hubs(INSERT_CATEGORY_HUBS, rows.categories()));
        statements.add(sql.hubs(INSERT_RESTAURANT_HUBS, rows.restaurants()));
        statements.add(sql.execute(INSERT_ORDER_HUBS, rows.orders(),
                column(rows.orders(), OrderHub::key, UUID[]::new),
                column(rows.orders(), OrderHub::orderId, Long[]::new),
                column(rows.orders(), OrderHub::orderDt, LocalDateTime[]::new)));

        statements.add(sql.links(INSERT_ORDER_PRODUCT_LINKS, rows.orderProducts()));
        statements.add(sql.links(INSERT_PRODUCT_RESTAURANT_LINKS, rows.productRestaurants()));
        statements.add(sql.links(INSERT_PRODUCT_CATEGORY_LINKS, rows.productCategories()));
        statements.add(sql.links(INSERT_ORDER_USER_LINKS, rows.orderUsers()));

        statements.add(sql.execute(INSERT_USER_NAMES, rows.userNames(),
                column(rows.userNames(), UserNames::userKey, UUID[]::new),
                column(rows.userNames(), UserNames::username, String[]::new),
                column(rows.userNames(), UserNames::userlogin, String[]::new),
                column(rows.userNames(), UserNames::hashdiff, UUID[]::new),
                column(rows.userNames(), UserNames::loadDt, LocalDateTime[]::new)));
        statements.add(sql.names(INSERT_PRODUCT_NAMES, rows.productNames()));
        statements.add(sql.names(INSERT_RESTAURANT_NAMES, rows.restaurantNames()));
        statements.add(sql.execute(INSERT_ORDER_COSTS, rows.orderCosts(),
                column(rows.orderCosts(), OrderCost::orderKey, UUID[]::new),
                column(rows.orderCosts(), OrderCost::cost, BigDecimal[]::new),
                column(rows.orderCosts(), OrderCost::payment, BigDecimal[]::new),
                column(rows.orderCosts(), OrderCost::hashdiff, UUID[]::new),
                column(rows.orderCosts(), OrderCost::loadDt, LocalDateTime[]::new)));
        statements.add(sql.execute(INSERT_ORDER_STATUSES, rows.orderStatuses(),
                column(rows.orderStatuses(), OrderStatus::orderKey, UUID[]::new),
                column(rows.orderStatuses(), OrderStatus::status, String[]::new),
                column(rows.orderStatuses(), OrderStatus::hashdiff, UUID[]::new),
                column(rows.orderStatuses(), OrderStatus::loadDt, LocalDateTime[]::new)));
        return statements;
    }

    private static <R, C> C[] column(List<R> rows, Function<R, C> value, IntFunction<C[]> array) {
        C[] column = array.apply(rows.size());
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }

    /** Runs this service's statements on one connection: the array parameters, then the load source. */
    private record Statements(SqlConnection connection, String loadSrc) {

        Uni<Integer> hubs(String sql, List<Hub> hubs) {
            return execute(sql, hubs,
                    column(hubs, Hub::key, UUID[]::new),
                    column(hubs, Hub::businessKey, String[]::new));
        }

        Uni<Integer> links(String sql, List<Link> links) {
            return execute(sql, links,
                    column(links, Link::key, UUID[]::new),
                    column(links, Link::firstHubKey, UUID[]::new),
                    column(links, Link::secondHubKey, UUID[]::new));
        }

        Uni<Integer> names(String sql, List<Name> names) {
            return execute(sql, names,
                    column(names, Name::hubKey, UUID[]::new),
                    column(names, Name::name, String[]::new),
                    column(names, Name::hashdiff, UUID[]::new),
                    column(names, Name::loadDt, LocalDateTime[]::new));
        }

        /** Nothing to send for a table without rows in this batch (an order may have no products). */
        Uni<Integer> execute(String sql, List<?> rows, Object... columns) {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Object> parameters = new ArrayList<>(columns.length + 1);
            parameters.addAll(List.of(columns));
            parameters.add(loadSrc);
            return connection.preparedQuery(sql).execute(Tuple.tuple(parameters)).map(RowSet::rowCount);
        }
    }
}
