package io.orderpipeline.stg.persistence;

import io.orderpipeline.shared.message.OrderEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code stg.order_events}: the newest version of each raw order event. */
@ApplicationScoped
public class OrderEventRepository {

    /**
     * One statement for the whole batch. A row is written when its version is newer than or equal to the
     * stored one (equal: a replay, which must be published again); RETURNING names exactly those.
     */
    static final String UPSERT_NEWEST_VERSIONS = """
            INSERT INTO stg.order_events AS stored (object_id, object_type, sent_dttm, update_ts, payload)
            SELECT object_id, object_type, sent_dttm, update_ts, payload::jsonb
              FROM unnest($1::bigint[], $2::text[], $3::timestamp[], $4::timestamp[], $5::text[])
                   AS batch(object_id, object_type, sent_dttm, update_ts, payload)
             ORDER BY object_id
            ON CONFLICT (object_id) DO UPDATE
               SET object_type = excluded.object_type,
                   sent_dttm   = excluded.sent_dttm,
                   update_ts   = excluded.update_ts,
                   payload     = excluded.payload,
                   loaded_at   = now()
             WHERE (stored.update_ts, stored.sent_dttm) <= (excluded.update_ts, excluded.sent_dttm)
            RETURNING object_id
            """;

    private final Pool client;

    public OrderEventRepository(Pool client) {
        this.client = client;
    }

    /**
     * Stores the events (at most one per order) unless a newer version is stored already.
     *
     * @return the ids of the orders whose given version is now the stored one
     */
    public Uni<Set<Long>> storeNewest(List<OrderEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        int size = events.size();
        Long[] objectIds = new Long[size];
        String[] objectTypes = new String[size];
        LocalDateTime[] sentDttms = new LocalDateTime[size];
        LocalDateTime[] updateTss = new LocalDateTime[size];
        String[] payloads = new String[size];
        for (int i = 0; i < size; i++) {
            OrderEvent event = events.get(i);
            objectIds[i] = event.objectId();
            objectTypes[i] = event.objectType();
            sentDttms[i] = event.sentDttm();
            updateTss[i] = event.payload().updateTs();
            payloads[i] = event.payloadJson();
        }
        return client.preparedQuery(UPSERT_NEWEST_VERSIONS)
                .execute(Tuple.of(objectIds, objectTypes, sentDttms, updateTss, payloads))
                .map(rows -> {
                    Set<Long> stored = new HashSet<>();
                    for (Row row : rows) {
                        stored.add(row.getLong(0));
                    }
                    return stored;
                });
    }
}
