package io.orderpipeline.runtime.delivery;

import io.orderpipeline.shared.message.InvalidMessageException;
import io.vertx.pgclient.PgException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The two classes every failure of a batch falls into, and the undecided one between them:
 * <ul>
 *   <li>{@link #INFRASTRUCTURE}: a server is unreachable or refuses us (down, restarting, authentication,
 *       privileges, a schema not as deployed), or a race another attempt sees past. Retried without limit,
 *       with readiness DOWN; nothing is dead-lettered.</li>
 *   <li>{@link #DATA}: the record itself cannot be processed (invalid, or a value PostgreSQL cannot store).
 *       The batch is split until the record is found, and it is dead-lettered.</li>
 *   <li>{@link #UNKNOWN}: anything else, such as a bug that one record triggers. Retried a bounded number of
 *       times, then treated as {@link #DATA}, so that no record can stop its partition for good.</li>
 * </ul>
 */
enum FailureKind {
    INFRASTRUCTURE, DATA, UNKNOWN;

    /** SQLSTATE classes: connection, authentication, resources, operator intervention, system, rollback. */
    private static final Set<String> OUTAGE_CLASSES = Set.of("08", "28", "53", "57", "58", "40", "3D", "3F", "42");
    /** Data exception, integrity constraint, program limit (a row or value too large to store). */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

    static FailureKind of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            FailureKind kind = ofOne(cause);
            if (kind != null) {
                return kind;
            }
        }
        return UNKNOWN;
    }

    private static FailureKind ofOne(Throwable failure) {
        if (failure instanceof InvalidMessageException) {
            return DATA;
        }
        if (failure instanceof TransientFailure) {
            return INFRASTRUCTURE;
        }
        if (failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().length() >= 2) {
            String sqlClass = pg.getSqlState().substring(0, 2);
            if (DATA_CLASSES.contains(sqlClass)) {
                return DATA;
            }
            return OUTAGE_CLASSES.contains(sqlClass) ? INFRASTRUCTURE : UNKNOWN;
        }
        if (failure instanceof RetriableException || failure instanceof AuthenticationException
                || failure instanceof AuthorizationException) {
            return INFRASTRUCTURE;
        }
        // Sockets, TLS and time-outs; Vert.x reports a closed connection (PostgreSQL or Redis going away) with
        // exceptions of its own whose names say so.
        if (failure instanceof IOException || failure instanceof TimeoutException) {
            return INFRASTRUCTURE;
        }
        String name = failure.getClass().getName();
        String message = String.valueOf(failure.getMessage());
        if (name.startsWith("io.vertx.") && (name.contains("Closed") || message.contains("onnection")
                || message.contains("imeout") || message.contains("closed") || message.contains("pool"))) {
            return INFRASTRUCTURE;
        }
        if (name.startsWith("io.netty.") || name.startsWith("java.net.")) {
            return INFRASTRUCTURE;
        }
        return null;
    }

    /** A one-line description for logs, health and dead-letter headers. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
