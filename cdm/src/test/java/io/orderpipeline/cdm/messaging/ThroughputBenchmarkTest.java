package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.sample.VaultOrderHistories;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many order versions per second cdm applies from a preloaded topic: the service starts with its channel
 * paused on a topic of its own, the versions are produced, and the clock runs from resuming the channel until
 * the consumer group has committed the last of them. Prints the figure; asserts only that the marts are right.
 * Run with {@code ./mvnw -B -Pbenchmark -pl cdm -am verify}.
 */
@QuarkusTest
@Tag("benchmark")
@TestProfile(ThroughputBenchmarkTest.PausedOnItsOwnTopic.class)
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class ThroughputBenchmarkTest {

    static final String TOPIC = "cdm-benchmark-orders";
    static final String GROUP = "cdm-benchmark";
    static final String CHANNEL = "vault-orders";

    public static class PausedOnItsOwnTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.incoming.vault-orders.topic", TOPIC,
                    "mp.messaging.incoming.vault-orders.group.id", GROUP,
                    "mp.messaging.incoming.vault-orders.pausable", "true",
                    "mp.messaging.incoming.vault-orders.pausable.initially-paused", "true");
        }
    }

    @Inject
    ChannelRegistry channels;
    // A test profile's application: the stack as its configuration gives it (see DevstackResource).
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "pg.user")
    String user;
    @ConfigProperty(name = "pg.password")
    String password;

    @Test
    void appliesPreloadedOrderVersions() {
        List<VaultOrder> stream = VaultOrderHistories.generate(7L, 8_500, 2_000, 200, 20);
        assertThat(stream).hasSizeGreaterThanOrEqualTo(20_000);
        try (InputTopic input = new InputTopic(new Topics(bootstrapServers), TOPIC)) {
            input.produce(stream);
            assertThat(input.topics().lag(TOPIC, GROUP)).isEqualTo(stream.size());

            long started = System.nanoTime();
            channels.getPausable(CHANNEL).resume();
            input.topics().awaitCaughtUp(TOPIC, GROUP);
            double seconds = (System.nanoTime() - started) / 1e9;

            System.out.printf("%n[benchmark] cdm applied %,d preloaded order versions (%,d orders) in %.2f s: %,.0f order versions/s%n%n",
                    stream.size(), stream.stream().map(VaultOrder::orderKey).distinct().count(), seconds,
                    stream.size() / seconds);
        }
        ExpectedMarts expected = ExpectedMarts.of(stream);
        Set<UUID> users = stream.stream().map(VaultOrder::userKey).collect(Collectors.toSet());
        Warehouse marts = new Warehouse(jdbcUrl, user, password);
        assertThat(marts.productCounters(users)).containsExactlyElementsOf(expected.productCounters());
        assertThat(marts.categoryCounters(users)).containsExactlyElementsOf(expected.categoryCounters());
    }
}
