package io.orderpipeline.runtime.delivery;

import io.orderpipeline.shared.message.VersionedOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The messages of a batch that decoded, each with the record it came from, and what did not. */
public final class DecodedBatch<T extends VersionedOrder> {

    record Item<T>(SourceRecord source, T message) {
    }

    record Skip(SourceRecord source, String reason) {
    }

    private final BatchContext batch;
    private final List<Item<T>> items;
    private final List<DeadLetter> invalid;
    private final List<Skip> skips;

    DecodedBatch(BatchContext batch, List<Item<T>> items, List<DeadLetter> invalid, List<Skip> skips) {
        this.batch = batch;
        this.items = items;
        this.invalid = invalid;
        this.skips = skips;
    }

    /**
     * At most one message per order: the newest version (of equal versions, the last one), in the order in which
     * each order first appeared. The older versions in the batch would change nothing; they are skipped.
     */
    public DecodedBatch<T> newestPerOrder() {
        Map<Long, Item<T>> newest = new LinkedHashMap<>();
        List<Skip> allSkips = new ArrayList<>(skips);
        for (Item<T> item : items) {
            Item<T> kept = newest.get(item.message().orderId());
            if (kept == null) {
                newest.put(item.message().orderId(), item);
            } else if (item.message().version().isOlderThan(kept.message().version())) {
                allSkips.add(superseded(item, kept));
            } else {
                allSkips.add(superseded(kept, item));
                newest.put(item.message().orderId(), item); // the order keeps its place
            }
        }
        List<Item<T>> ordered = List.copyOf(newest.values());
        return new DecodedBatch<>(batch, ordered, invalid, allSkips);
    }

    private Skip superseded(Item<T> older, Item<T> newer) {
        return new Skip(older.source(), "order " + older.message().orderId() + " version " + older.message().version()
                + " is superseded by " + newer.source() + " in the same batch");
    }

    /** The service's transaction over the messages; nothing runs until {@link BatchDelivery#publish()} or
     * {@link BatchDelivery#acknowledge()}. */
    public BatchDelivery<T> write(BatchWrite<T> write) {
        return new BatchDelivery<>(batch, items, invalid, skips, write);
    }
}
