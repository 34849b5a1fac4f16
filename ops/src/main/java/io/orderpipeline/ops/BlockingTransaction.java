package io.orderpipeline.ops;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

import java.time.Duration;

/**
 * One transaction on its own connection, driven from the calling thread: the tool's commands wait for each step,
 * and some hold the transaction open across work that is not SQL (redrive commits only once Kafka acknowledged
 * its sends), which {@code Pool.withTransaction}'s callback on the event loop is not the place for. Closing it
 * without {@link #commit()} or {@link #rollback()} rolls back.
 */
public final class BlockingTransaction implements AutoCloseable {

    private final SqlConnection connection;
    private final Transaction transaction;
    private final Duration timeout;
    private boolean ended;

    private BlockingTransaction(SqlConnection connection, Transaction transaction, Duration timeout) {
        this.connection = connection;
        this.transaction = transaction;
        this.timeout = timeout;
    }

    /** @param timeout the longest any one step (a statement, the commit) may take */
    public static BlockingTransaction begin(Pool database, Duration timeout) {
        SqlConnection connection = database.getConnection().await().atMost(timeout);
        try {
            return new BlockingTransaction(connection, connection.begin().await().atMost(timeout), timeout);
        } catch (RuntimeException e) {
            connection.close().onFailure().recoverWithNull().await().atMost(timeout);
            throw e;
        }
    }

    public SqlConnection connection() {
        return connection;
    }

    public void commit() {
        ended = true;
        transaction.commit().await().atMost(timeout);
    }

    public void rollback() {
        ended = true;
        transaction.rollback().await().atMost(timeout);
    }

    @Override
    public void close() {
        try {
            if (!ended) {
                transaction.rollback().onFailure().recoverWithNull().await().atMost(timeout);
            }
        } finally {
            connection.close().await().atMost(timeout);
        }
    }
}
