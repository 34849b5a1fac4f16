package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.VaultOrder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of shuffled order versions with duplicates and late older versions: the marts equal, row for row,
 * what {@link MartOracle} computes from the input alone.
 */
@QuarkusTest
@WithTestResource(SharedDevstack.class)
class MartOracleTest {

    @Inject
    Pool database;

    @Test
    void theMartsAreExactlyTheFunctionOfTheNewestVersionOfEachOrder() {
        List<VaultOrder> stream = OrderHistories.generate(20230401L, 800, 50, 20, 6);
        assertThat(stream).hasSizeGreaterThan(2_000);
        MartOracle expected = MartOracle.of(stream);
        Set<UUID> users = stream.stream().map(VaultOrder::userKey).collect(Collectors.toSet());

        try (InputTopic input = new InputTopic()) {
            input.produce(stream);
            input.awaitCaughtUp(InputTopic.GROUP, Duration.ofSeconds(120));
        }

        Marts marts = new Marts(database);
        assertThat(expected.products()).hasSizeGreaterThan(500);
        assertThat(marts.products(users)).containsExactlyElementsOf(expected.products());
        assertThat(marts.categories(users)).containsExactlyElementsOf(expected.categories());
    }
}
