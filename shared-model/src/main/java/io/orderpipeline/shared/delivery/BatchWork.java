package io.orderpipeline.shared.delivery;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * A service's own work on a batch: decode, write in one database transaction, and say what to publish
 * and what to dead-letter. It may be run again on the same records (after a failure), so it must be
 * idempotent, which every write in this pipeline is.
 */
@FunctionalInterface
public interface BatchWork {

    Uni<BatchResult> apply(List<SourceRecord> records);
}
