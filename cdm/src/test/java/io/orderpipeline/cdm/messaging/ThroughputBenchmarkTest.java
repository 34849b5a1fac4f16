package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.VaultOrder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
@WithTestResource(SharedDevstack.class)
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
    @Inject
    Pool database;

    @Test
    void appliesPreloadedOrderVersions() {
        List<VaultOrder> stream = OrderHistories.generate(7L, 8_500, 2_000, 200, 20);
        assertThat(stream).hasSizeGreaterThanOrEqualTo(20_000);
        try (InputTopic input = new InputTopic(TOPIC)) {
            input.produce(stream);
            assertThat(input.lag(GROUP)).isEqualTo(stream.size());

            long started = System.nanoTime();
            channels.getPausable(CHANNEL).resume();
            input.awaitCaughtUp(GROUP, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - started) / 1e9;

            System.out.printf("%n[benchmark] cdm applied %,d preloaded order versions (%,d orders) in %.2f s: %,.0f order versions/s%n%n",
                    stream.size(), stream.stream().map(VaultOrder::orderKey).distinct().count(), seconds,
                    stream.size() / seconds);
        }
        MartOracle expected = MartOracle.of(stream);
        Set<UUID> users = stream.stream().map(VaultOrder::userKey).collect(Collectors.toSet());
        Marts marts = new Marts(database);
        assertThat(marts.products(users)).containsExactlyElementsOf(expected.products());
        assertThat(marts.categories(users)).containsExactlyElementsOf(expected.categories());
    }
}
