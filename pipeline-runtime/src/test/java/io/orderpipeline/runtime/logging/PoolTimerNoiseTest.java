package io.orderpipeline.runtime.logging;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class PoolTimerNoiseTest {

    @Test
    void thePoolsSecondFailureIsOneWarnLineAMinuteWithoutItsStackTrace() {
        PoolTimerNoise filter = new PoolTimerNoise();
        LogRecord first = uncaught(poolTimerError());
        LogRecord second = uncaught(poolTimerError());

        assertThat(filter.isLoggable(first)).isTrue();
        assertThat(first.getLevel()).isEqualTo(Level.WARNING);
        assertThat(first.getThrown()).isNull();
        assertThat(first.getMessage()).contains("issue 1706");
        assertThat(filter.isLoggable(second)).as("within the minute").isFalse();
    }

    @Test
    void everythingElsePassesUnchanged() {
        PoolTimerNoise filter = new PoolTimerNoise();
        IllegalStateException elsewhere = new IllegalStateException("Result is already complete");
        elsewhere.setStackTrace(new StackTraceElement[] {new StackTraceElement("io.vertx.core.impl.future.PromiseImpl",
                "fail", "PromiseImpl.java", 1)});
        LogRecord other = uncaught(elsewhere);
        LogRecord plain = new LogRecord(Level.INFO, "Batch of 500");

        assertThat(filter.isLoggable(other)).isTrue();
        assertThat(other.getLevel()).isEqualTo(Level.SEVERE);
        assertThat(other.getThrown()).isSameAs(elsewhere);
        assertThat(filter.isLoggable(plain)).isTrue();
    }

    private static IllegalStateException poolTimerError() {
        IllegalStateException error = new IllegalStateException("Result is already complete");
        error.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("io.vertx.core.impl.future.PromiseImpl", "fail", "PromiseImpl.java", 1),
                new StackTraceElement("io.vertx.sqlclient.impl.pool.SqlConnectionPool", "lambda$execute$3",
                        "SqlConnectionPool.java", 216)});
        return error;
    }

    private static LogRecord uncaught(Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "Uncaught exception received by Vert.x");
        record.setThrown(thrown);
        return record;
    }
}
