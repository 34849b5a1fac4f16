package io.orderpipeline.shared.delivery;

import io.orderpipeline.shared.message.InvalidMessageException;
import io.vertx.pgclient.PgException;

/**
 * Tells a failure caused by the data of a batch (isolate the message and dead-letter it) from any other
 * failure (infrastructure down, a lock conflict, a bug: retry with back-off, never lose the batch).
 */
final class Failures {

    private Failures() {
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): retrying cannot help. */
    static boolean isCausedByData(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidMessageException) {
                return true;
            }
            if (cause instanceof PgException pg && pg.getSqlState() != null) {
                String sqlState = pg.getSqlState();
                return sqlState.startsWith("22") || sqlState.startsWith("23");
            }
        }
        return false;
    }

    /** A one-line description for logs, health and dead-letter headers. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
