package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.sample.VaultOrderHistories;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of shuffled order versions with duplicates and late older versions: the marts equal, row for row,
 * what {@link ExpectedMarts} computes from the input alone.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class MartsAgainstTheOracleTest {

    @Test
    void theMartsAreExactlyTheFunctionOfTheNewestVersionOfEachOrder() {
        List<VaultOrder> stream = VaultOrderHistories.generate(20230401L, 800, 50, 20, 6);
        assertThat(stream).hasSizeGreaterThan(2_000);
        ExpectedMarts expected = ExpectedMarts.of(stream);
        Set<UUID> users = stream.stream().map(VaultOrder::userKey).collect(Collectors.toSet());

        try (InputTopic input = new InputTopic(new Topics(DevstackResource.devstack().kafka()))) {
            input.produce(stream);
            input.topics().awaitCaughtUp(InputTopic.TOPIC, InputTopic.GROUP);
        }

        Warehouse marts = Warehouse.of(DevstackResource.devstack().postgres());
        assertThat(expected.productCounters()).hasSizeGreaterThan(500);
        assertThat(marts.productCounters(users)).containsExactlyElementsOf(expected.productCounters());
        assertThat(marts.categoryCounters(users)).containsExactlyElementsOf(expected.categoryCounters());
    }
}
