package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.oracle.MartRow;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new consumer group replays the whole input topic from offset zero, after the other test classes have had it
 * processed once by the service's usual group: the marts do not change, and they are still exactly what the oracle
 * computes from everything on the topic. (Quarkus runs test classes with a profile after those without, so the topic
 * holds what the other classes produced; the profile's application gets the same stack, see DevstackResource.)
 */
@QuarkusTest
@TestProfile(ReplayTest.NewConsumerGroup.class)
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class ReplayTest {

    static final String REPLAY_GROUP = "cdm-replay";

    public static class NewConsumerGroup implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.vault-orders.group.id", REPLAY_GROUP);
        }
    }

    // A test profile's application: the stack as its configuration gives it.
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "pg.user")
    String user;
    @ConfigProperty(name = "pg.password")
    String password;

    @Test
    void replayingTheWholeTopicChangesNoMartRow() {
        Warehouse marts = new Warehouse(jdbcUrl, user, password);
        try (Topics topics = new Topics(bootstrapServers)) {
            assertThat(topics.endOffset(InputTopic.TOPIC)).as("records produced by the other test classes").isPositive();
            List<MartRow> productsBefore = marts.productCounters();
            List<MartRow> categoriesBefore = marts.categoryCounters();

            topics.awaitCaughtUp(InputTopic.TOPIC, REPLAY_GROUP);

            assertThat(marts.productCounters()).isEqualTo(productsBefore);
            assertThat(marts.categoryCounters()).isEqualTo(categoriesBefore);
            // The marts could not have changed before the snapshot either: for every user on the topic (other
            // tests write to the database directly), they are what the topic's order versions define.
            List<VaultOrder> onTheTopic = decodable(topics.readAll(InputTopic.TOPIC));
            Set<UUID> users = onTheTopic.stream().map(VaultOrder::userKey).collect(Collectors.toSet());
            ExpectedMarts expected = ExpectedMarts.of(onTheTopic);
            assertThat(marts.productCounters(users)).isEqualTo(expected.productCounters());
            assertThat(marts.categoryCounters(users)).isEqualTo(expected.categoryCounters());
        }
    }

    /** Every order version that decodes; poison is dead-lettered and never counts. */
    private static List<VaultOrder> decodable(List<ConsumerRecord<String, byte[]>> records) {
        List<VaultOrder> orders = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                orders.add(MessageCodec.decodeVaultOrder(record.value()));
            } catch (InvalidMessageException poison) {
                // dead-lettered by the service, so not part of the marts either
            }
        }
        return orders;
    }
}
