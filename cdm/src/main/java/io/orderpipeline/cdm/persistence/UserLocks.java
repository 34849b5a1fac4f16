package io.orderpipeline.cdm.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.UUID;

/**
 * One lock per user, held until the transaction ends, taken before any of the user's counter rows is written.
 * Every transaction takes its users' locks in one statement, in the order of the lock keys, so two transactions
 * that share users (two instances during a rebalance) wait for each other and can never deadlock: without them,
 * an upsert creating one row and an update shrinking another could take the same two rows in opposite orders.
 */
@ApplicationScoped
public class UserLocks {

    static final String LOCK_USERS = """
            SELECT pg_advisory_xact_lock(users.lock_key)
              FROM (SELECT DISTINCT hashtextextended(user_id::text, 0) AS lock_key
                      FROM unnest($1::uuid[]) AS batch(user_id)
                     ORDER BY lock_key) AS users
            """;

    public Uni<Void> lock(SqlConnection transaction, Collection<UUID> users) {
        if (users.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return transaction.preparedQuery(LOCK_USERS).execute(Tuple.of(users.toArray(UUID[]::new))).replaceWithVoid();
    }
}
