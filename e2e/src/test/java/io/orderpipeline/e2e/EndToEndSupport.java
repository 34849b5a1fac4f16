package io.orderpipeline.e2e;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.e2e.sample.ExpectedMarts;
import io.orderpipeline.e2e.sample.SampleOrders;
import io.orderpipeline.e2e.stack.Marts;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.shared.message.Timestamps;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What every end-to-end test checks at the end: the warehouse is exactly what the input says. */
final class EndToEndSupport {

    static Path projectRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    static Marts marts(Devstack devstack) {
        return new Marts(devstack.postgres().jdbcUrl(), devstack.postgres().username(), devstack.postgres().password());
    }

    static void assertWarehouseMatches(Marts marts, ExpectedMarts expected) {
        assertThat(marts.productCounters()).as("cdm.user_product_counters, row for row")
                .containsExactlyInAnyOrderEntriesOf(expected.productCounters());
        assertThat(marts.categoryCounters()).as("cdm.user_category_counters, row for row")
                .containsExactlyInAnyOrderEntriesOf(expected.categoryCounters());
        Map<Long, String> newest = new HashMap<>();
        expected.newestOrders().forEach((id, event) -> newest.put(id, Timestamps.format(event.payload().updateTs())));
        assertThat(marts.stagedVersions()).as("stg.order_events: the newest version of each order")
                .containsExactlyInAnyOrderEntriesOf(newest);
    }

    static long poisonCount(java.util.List<SampleOrders.Message> messages) {
        return messages.stream().filter(SampleOrders.Message::isPoison).count();
    }

    static void assertDeadLetters(PipelineStack stack, long expectedAtStg) {
        assertThat(stack.endOffset(PipelineStack.DEAD_LETTERS_OF.get("stg"))).as("stg dead letters").isEqualTo(expectedAtStg);
        assertThat(stack.endOffset(PipelineStack.DEAD_LETTERS_OF.get("dds"))).as("dds dead letters").isZero();
        assertThat(stack.endOffset(PipelineStack.DEAD_LETTERS_OF.get("cdm"))).as("cdm dead letters").isZero();
    }

    private EndToEndSupport() {
    }
}
