package io.orderpipeline.runtime.delivery;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * A service's own work on a batch: write the messages in one database transaction and say what became of each.
 * It may run again on the same messages, or on a part of them (after a failure), so it must be idempotent, as every
 * write in this pipeline is.
 */
@FunctionalInterface
public interface BatchWrite<T> {

    /** @return one outcome per message, in the order of {@code messages} */
    Uni<List<Outcome>> write(List<T> messages);
}
