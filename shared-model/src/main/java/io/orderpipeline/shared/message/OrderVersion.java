package io.orderpipeline.shared.message;

import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Objects;

/**
 * The version of one order: {@code payload.update_ts}, then {@code sent_dttm}. Every layer keeps the
 * newest version of an order and never lets an older one overwrite it.
 */
public record OrderVersion(LocalDateTime updateTs, LocalDateTime sentDttm) implements Comparable<OrderVersion> {

    private static final Comparator<OrderVersion> ORDER = Comparator
            .comparing(OrderVersion::updateTs)
            .thenComparing(OrderVersion::sentDttm);

    public OrderVersion {
        Objects.requireNonNull(updateTs, "updateTs");
        Objects.requireNonNull(sentDttm, "sentDttm");
    }

    @Override
    public int compareTo(OrderVersion other) {
        return ORDER.compare(this, other);
    }

    public boolean isNewerThan(OrderVersion other) {
        return compareTo(other) > 0;
    }

    public boolean isOlderThan(OrderVersion other) {
        return compareTo(other) < 0;
    }
}
