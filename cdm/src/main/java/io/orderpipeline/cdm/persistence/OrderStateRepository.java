package io.orderpipeline.cdm.persistence;

import io.orderpipeline.cdm.mart.OrderState;
import io.orderpipeline.shared.message.OrderVersion;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code cdm.order_state}: the newest version of each order and what it counts toward. */
@ApplicationScoped
public class OrderStateRepository {

    /**
     * Locks the stored state of the batch's orders in key order, so that two transactions over overlapping
     * orders wait for each other instead of deadlocking, and neither computes a delta from a stale state.
     */
    static final String LOCK_STORED_STATES = """
            SELECT order_id, user_id, update_ts, sent_dttm, status, product_ids, product_names, category_ids,
                   category_names
              FROM cdm.order_state
             WHERE order_id = ANY($1::uuid[])
             ORDER BY order_id
               FOR UPDATE
            """;

    /**
     * The first state of orders that had none. A row lock cannot guard a row that does not exist yet, so a
     * conflict here means another transaction stored the order meanwhile; RETURNING lets the caller notice.
     * Each order's keys and names come as an array literal ({@code {"k1","k2"}}): unnest flattens an array of arrays.
     */
    public static final String INSERT_NEW_STATES = """
            INSERT INTO cdm.order_state (order_id, user_id, update_ts, sent_dttm, status, product_ids, product_names,
                                         category_ids, category_names)
            SELECT order_id, user_id, update_ts, sent_dttm, status, product_ids::uuid[], product_names::text[],
                   category_ids::uuid[], category_names::text[]
              FROM unnest($1::uuid[], $2::uuid[], $3::timestamp[], $4::timestamp[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::text[])
                   AS batch(order_id, user_id, update_ts, sent_dttm, status, product_ids, product_names, category_ids,
                            category_names)
             ORDER BY order_id
            ON CONFLICT (order_id) DO NOTHING
            RETURNING order_id
            """;

    /** The newer state of orders whose rows this transaction holds locked. */
    static final String UPDATE_STORED_STATES = """
            UPDATE cdm.order_state AS stored
               SET user_id      = batch.user_id,
                   update_ts    = batch.update_ts,
                   sent_dttm    = batch.sent_dttm,
                   status       = batch.status,
                   product_ids    = batch.product_ids::uuid[],
                   product_names  = batch.product_names::text[],
                   category_ids   = batch.category_ids::uuid[],
                   category_names = batch.category_names::text[],
                   updated_at     = now()
              FROM unnest($1::uuid[], $2::uuid[], $3::timestamp[], $4::timestamp[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::text[])
                   AS batch(order_id, user_id, update_ts, sent_dttm, status, product_ids, product_names, category_ids,
                            category_names)
             WHERE stored.order_id = batch.order_id
            """;

    /** @return the stored state of those of the orders that have one, by order key, locked until the transaction ends */
    public Uni<Map<UUID, OrderState>> lock(SqlConnection transaction, List<UUID> orderKeys) {
        return transaction.preparedQuery(LOCK_STORED_STATES)
                .execute(Tuple.of(orderKeys.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, OrderState> stored = new HashMap<>();
                    for (Row row : rows) {
                        OrderState state = stateOf(row);
                        stored.put(state.orderKey(), state);
                    }
                    return stored;
                });
    }

    /**
     * Writes the changed orders' new state.
     *
     * @param stored the keys of the orders that {@link #lock} found
     * @throws ConcurrentStateChangeException when another transaction stored one of the new orders meanwhile;
     *                                        the batch is then retried and sees that state
     */
    public Uni<Void> store(SqlConnection transaction, List<OrderState> changed, Set<UUID> stored) {
        Map<Boolean, List<OrderState>> byStored = changed.stream()
                .collect(Collectors.partitioningBy(state -> stored.contains(state.orderKey())));
        List<OrderState> inserts = byStored.get(false);
        List<OrderState> updates = byStored.get(true);
        Uni<Void> inserted = inserts.isEmpty() ? Uni.createFrom().voidItem()
                : transaction.preparedQuery(INSERT_NEW_STATES).execute(columns(inserts)).invoke(rows -> {
                    if (rows.rowCount() != inserts.size()) {
                        throw new ConcurrentStateChangeException(inserts.size() - rows.rowCount());
                    }
                }).replaceWithVoid();
        return inserted.chain(() -> updates.isEmpty() ? Uni.createFrom().voidItem()
                : transaction.preparedQuery(UPDATE_STORED_STATES).execute(columns(updates)).replaceWithVoid());
    }

    private static OrderState stateOf(Row row) {
        return new OrderState(
                row.getUUID("order_id"),
                row.getUUID("user_id"),
                new OrderVersion(row.getLocalDateTime("update_ts"), row.getLocalDateTime("sent_dttm")),
                row.getString("status"),
                Arrays.asList(row.getArrayOfUUIDs("product_ids")),
                Arrays.asList(row.getArrayOfStrings("product_names")),
                Arrays.asList(row.getArrayOfUUIDs("category_ids")),
                Arrays.asList(row.getArrayOfStrings("category_names")));
    }

    private static Tuple columns(List<OrderState> states) {
        int size = states.size();
        UUID[] orderIds = new UUID[size];
        UUID[] userIds = new UUID[size];
        LocalDateTime[] updateTss = new LocalDateTime[size];
        LocalDateTime[] sentDttms = new LocalDateTime[size];
        String[] statuses = new String[size];
        String[] productIds = new String[size];
        String[] productNames = new String[size];
        String[] categoryIds = new String[size];
        String[] categoryNames = new String[size];
        for (int i = 0; i < size; i++) {
            OrderState state = states.get(i);
            orderIds[i] = state.orderKey();
            userIds[i] = state.userKey();
            updateTss[i] = state.version().updateTs();
            sentDttms[i] = state.version().sentDttm();
            statuses[i] = state.status();
            productIds[i] = arrayLiteral(state.productKeys());
            productNames[i] = arrayLiteral(state.productNames());
            categoryIds[i] = arrayLiteral(state.categoryKeys());
            categoryNames[i] = arrayLiteral(state.categoryNames());
        }
        return Tuple.tuple()
                .addArrayOfUUID(orderIds)
                .addArrayOfUUID(userIds)
                .addArrayOfLocalDateTime(updateTss)
                .addArrayOfLocalDateTime(sentDttms)
                .addArrayOfString(statuses)
                .addArrayOfString(productIds)
                .addArrayOfString(productNames)
                .addArrayOfString(categoryIds)
                .addArrayOfString(categoryNames);
    }

    /**
     * PostgreSQL's text form of an array: every element double-quoted, with its backslashes and double quotes
     * escaped by a backslash, so that any name (commas, braces, quotes, the word NULL) reads back as itself.
     */
    static String arrayLiteral(List<?> elements) {
        return elements.stream()
                .map(element -> '"' + element.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}"));
    }
}
