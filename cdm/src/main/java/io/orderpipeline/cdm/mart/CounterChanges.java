package io.orderpipeline.cdm.mart;

import io.orderpipeline.shared.message.OrderVersion;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Accumulates, over one batch, the change to each counter row of one mart. */
final class CounterChanges {

    private record RowKey(UUID userKey, UUID itemKey) {
    }

    private static final class Pending {
        private int change;
        private String name;
        private OrderVersion namedBy;
    }

    private final Map<RowKey, Pending> rows = new LinkedHashMap<>();

    /** An order that counted no longer does. */
    void withdraw(UUID userKey, Collection<UUID> itemKeys) {
        for (UUID itemKey : itemKeys) {
            row(userKey, itemKey).change--;
        }
    }

    /** An order now counts; its names replace older ones, so that a renamed item shows its newest name. */
    void contribute(UUID userKey, Map<UUID, String> namedItems, OrderVersion version) {
        namedItems.forEach((itemKey, name) -> {
            Pending row = row(userKey, itemKey);
            row.change++;
            if (row.namedBy == null || !version.isOlderThan(row.namedBy)) {
                row.name = name;
                row.namedBy = version;
            }
        });
    }

    /** Every touched row, including those whose change nets to 0 but whose name is to be refreshed. */
    List<CounterDelta> deltas() {
        List<CounterDelta> deltas = new ArrayList<>(rows.size());
        rows.forEach((key, row) -> {
            if (row.change != 0 || row.name != null) {
                deltas.add(new CounterDelta(key.userKey(), key.itemKey(), row.name, row.change));
            }
        });
        return deltas;
    }

    private Pending row(UUID userKey, UUID itemKey) {
        return rows.computeIfAbsent(new RowKey(userKey, itemKey), key -> new Pending());
    }
}
