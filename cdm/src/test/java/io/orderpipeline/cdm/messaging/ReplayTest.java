package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new consumer group replays the whole input topic from offset zero, after the other test classes have had
 * it processed once by the service's usual group: the marts do not change, and they are still exactly what the
 * oracle computes from everything on the topic. It runs on the same devstack as the other classes ({@link SharedDevstack}). (Quarkus runs test classes with a profile after those without,
 * so the topic holds what the other classes produced.)
 */
@QuarkusTest
@TestProfile(ReplayTest.NewConsumerGroup.class)
@WithTestResource(SharedDevstack.class)
class ReplayTest {

    static final String REPLAY_GROUP = "cdm-replay";

    public static class NewConsumerGroup implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.vault-orders.group.id", REPLAY_GROUP);
        }
    }

    private static final String ALL_PRODUCT_COUNTERS =
            "SELECT user_id, product_id, product_name, order_cnt FROM cdm.user_product_counters";
    private static final String ALL_CATEGORY_COUNTERS =
            "SELECT user_id, category_id, category_name, order_cnt FROM cdm.user_category_counters";

    @Inject
    Pool database;

    @Test
    void replayingTheWholeTopicChangesNoMartRow() {
        try (InputTopic input = new InputTopic()) {
            long onTopic = input.endOffsets().values().stream().mapToLong(Long::longValue).sum();
            assertThat(onTopic).as("records produced by the other test classes").isPositive();
            List<MartRow> productsBefore = all(ALL_PRODUCT_COUNTERS);
            List<MartRow> categoriesBefore = all(ALL_CATEGORY_COUNTERS);

            input.awaitCaughtUp(REPLAY_GROUP, Duration.ofSeconds(90));

            assertThat(all(ALL_PRODUCT_COUNTERS)).isEqualTo(productsBefore);
            assertThat(all(ALL_CATEGORY_COUNTERS)).isEqualTo(categoriesBefore);
            // The marts could not have changed before the snapshot either: for every user on the topic (other
            // tests write to the database directly), they are what the topic's order versions define.
            List<VaultOrder> onTheTopic = everythingOn(input, onTopic);
            Set<UUID> users = onTheTopic.stream().map(VaultOrder::userKey).collect(Collectors.toSet());
            MartOracle expected = MartOracle.of(onTheTopic);
            Marts marts = new Marts(database);
            assertThat(marts.products(users)).isEqualTo(expected.products());
            assertThat(marts.categories(users)).isEqualTo(expected.categories());
        }
    }

    private List<MartRow> all(String sql) {
        List<MartRow> rows = new ArrayList<>();
        for (Row row : database.query(sql).execute().await().atMost(Duration.ofSeconds(10))) {
            rows.add(new MartRow(row.getUUID(0), row.getUUID(1), row.getString(2), row.getInteger(3)));
        }
        rows.sort(MartRow.ORDER);
        return rows;
    }

    /** Every order version on the topic that decodes; poison is dead-lettered and never counts. */
    private static List<VaultOrder> everythingOn(InputTopic input, long records) {
        List<VaultOrder> orders = new ArrayList<>();
        try (ConsumerTask<String, byte[]> all = input.kafka.consume(String.class, byte[].class)
                .withGroupId("test-" + UUID.randomUUID()).withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(InputTopic.TOPIC, records)) {
            for (ConsumerRecord<String, byte[]> record : all.awaitCompletion(Duration.ofSeconds(60)).getRecords()) {
                try {
                    orders.add(MessageCodec.decodeVaultOrder(record.value()));
                } catch (InvalidMessageException poison) {
                    // dead-lettered by the service, so not part of the marts either
                }
            }
        }
        return orders;
    }
}
