package io.orderpipeline.ops.redrive;

import io.orderpipeline.ops.BlockingTransaction;
import io.orderpipeline.ops.deadletter.DeadLetter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ops.redriven_dead_letters}: which dead letters have been sent back. A dead letter is claimed by inserting
 * its row in the transaction that commits only after the record is back on its topic; a concurrent redrive of the
 * same dead letter waits on that row and then finds it taken.
 */
@ApplicationScoped
public class RedriveLedger {

    /** Claims the dead letters that no redrive has claimed; returns those it claimed. */
    static final String CLAIM = """
            INSERT INTO ops.redriven_dead_letters
                   (dead_letter_topic, dead_letter_partition, dead_letter_offset, cause, record_key, target_topic)
            SELECT $1, dead_letter_partition, dead_letter_offset, cause, record_key, target_topic
              FROM unnest($2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[])
                   AS batch(dead_letter_partition, dead_letter_offset, cause, record_key, target_topic)
             ORDER BY dead_letter_partition, dead_letter_offset
            ON CONFLICT DO NOTHING
            RETURNING dead_letter_partition, dead_letter_offset
            """;

    static final String REDRIVEN = """
            SELECT dead_letter_partition, dead_letter_offset
              FROM ops.redriven_dead_letters
             WHERE dead_letter_topic = $1
               AND (dead_letter_partition, dead_letter_offset) IN
                   (SELECT * FROM unnest($2::int[], $3::bigint[]))
            """;

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Where a dead letter is in its topic. */
    public record Position(int partition, long offset) {
        static Position of(DeadLetter deadLetter) {
            return new Position(deadLetter.partition(), deadLetter.offset());
        }
    }

    private final Pool database;

    RedriveLedger(Pool database) {
        this.database = database;
    }

    /** Those of the dead letters that an earlier redrive sent back. */
    public Set<Position> redriven(String topic, List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return Set.of();
        }
        return positions(database.preparedQuery(REDRIVEN).execute(Tuple.of(topic)
                .addArrayOfInteger(deadLetters.stream().map(DeadLetter::partition).toArray(Integer[]::new))
                .addArrayOfLong(deadLetters.stream().map(DeadLetter::offset).toArray(Long[]::new)))
                .await().atMost(TIMEOUT));
    }

    /**
     * Claims the dead letters no redrive has claimed and hands them to {@code send}; the claim commits only when
     * {@code send} returns, and is rolled back when it throws.
     *
     * @return the claimed ones
     */
    public Set<Position> claimAndSend(String topic, List<DeadLetter> deadLetters, Function<Set<Position>, ?> send) {
        if (deadLetters.isEmpty()) {
            return Set.of();
        }
        try (BlockingTransaction transaction = BlockingTransaction.begin(database, TIMEOUT)) {
            Set<Position> claimed = positions(transaction.connection().preparedQuery(CLAIM).execute(Tuple.of(topic)
                    .addArrayOfInteger(deadLetters.stream().map(DeadLetter::partition).toArray(Integer[]::new))
                    .addArrayOfLong(deadLetters.stream().map(DeadLetter::offset).toArray(Long[]::new))
                    .addArrayOfString(deadLetters.stream().map(DeadLetter::cause).toArray(String[]::new))
                    .addArrayOfString(deadLetters.stream().map(DeadLetter::key).toArray(String[]::new))
                    .addArrayOfString(deadLetters.stream().map(DeadLetter::sourceTopic).toArray(String[]::new)))
                    .await().atMost(TIMEOUT));
            send.apply(claimed);
            transaction.commit();
            return claimed;
        }
    }

    private static Set<Position> positions(RowSet<Row> rows) {
        Set<Position> positions = new HashSet<>();
        for (Row row : rows) {
            positions.add(new Position(row.getInteger(0), row.getLong(1)));
        }
        return positions;
    }
}
