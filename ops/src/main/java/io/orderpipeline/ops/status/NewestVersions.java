package io.orderpipeline.ops.status;

import io.orderpipeline.ops.PipelineService;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Set;

/** What each layer of the warehouse holds: how many orders, and the newest order version (update_ts, UTC). */
@ApplicationScoped
class NewestVersions {

    static final String STG = "SELECT max(update_ts), count(*) FROM stg.order_events";
    /** A satellite's load_dt is the order version's update_ts (dds V1 migration). */
    static final String DDS = "SELECT (SELECT max(load_dt) FROM dds.s_order_status), (SELECT count(*) FROM dds.h_order)";
    static final String CDM = "SELECT max(update_ts), count(*) FROM cdm.order_state";

    /** @param orders null when the table is not there: the service has not migrated its schema yet */
    record Layer(String table, Long orders, LocalDateTime newest) {
    }

    /** PostgreSQL's codes for a table, or a schema, that does not exist. */
    private static final Set<String> NOT_THERE = Set.of("42P01", "3F000");

    private final Pool database;

    NewestVersions(Pool database) {
        this.database = database;
    }

    Layer of(PipelineService service) {
        return switch (service) {
            case STG -> query("stg.order_events", STG);
            case DDS -> query("dds.h_order", DDS);
            case CDM -> query("cdm.order_state", CDM);
        };
    }

    private Layer query(String table, String sql) {
        try {
            Row row = database.query(sql).execute().await().atMost(Duration.ofSeconds(60)).iterator().next();
            return new Layer(table, row.getLong(1), row.getLocalDateTime(0));
        } catch (PgException e) {
            if (NOT_THERE.contains(e.getSqlState())) {
                return new Layer(table, null, null);
            }
            throw e;
        }
    }
}
