package io.orderpipeline.runtime.logging;

import io.quarkus.logging.LoggingFilter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Turns the reactive PostgreSQL pool's spurious timer errors into one WARN line a minute. After PostgreSQL drops
 * its connections abruptly (an immediate restart), each query that failed meanwhile is failed a second time by the
 * pool's acquisition timer, some 30 s later: Vert.x reports {@code IllegalStateException: Result is already
 * complete} from {@code SqlConnectionPool} as an uncaught error with its stack trace. The query had already failed
 * and been retried; the second failure changes nothing (vertx-sql-client issue 1706, open in 4.5.x). Every other
 * record passes unchanged.
 */
@LoggingFilter(name = PoolTimerNoise.NAME)
public final class PoolTimerNoise implements Filter {

    public static final String NAME = "vertx-pool-timer-noise";
    private static final long QUIET_MILLIS = Duration.ofMinutes(1).toMillis();

    private final AtomicLong lastReported = new AtomicLong(-QUIET_MILLIS);

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!isPoolTimerNoise(record.getThrown())) {
            return true;
        }
        long now = System.currentTimeMillis();
        long last = lastReported.get();
        if (now - last < QUIET_MILLIS || !lastReported.compareAndSet(last, now)) {
            return false;
        }
        record.setLevel(Level.WARNING);
        record.setThrown(null);
        record.setMessage("The PostgreSQL pool failed an already failed query again after a dropped connection "
                + "(vertx-sql-client issue 1706); harmless, reported once a minute");
        record.setParameters(null);
        return true;
    }

    static boolean isPoolTimerNoise(Throwable thrown) {
        if (!(thrown instanceof IllegalStateException) || !"Result is already complete".equals(thrown.getMessage())) {
            return false;
        }
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (frame.getClassName().equals("io.vertx.sqlclient.impl.pool.SqlConnectionPool")) {
                return true;
            }
        }
        return false;
    }
}
