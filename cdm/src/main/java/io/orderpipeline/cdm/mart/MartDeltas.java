package io.orderpipeline.cdm.mart;

import io.orderpipeline.shared.message.VaultOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The marts as a function of the newest version of each order, maintained by differences: when a newer version
 * of an order arrives, its old contribution (if the stored version was CLOSED) is taken back and its new one
 * (if the new version is CLOSED) is added. Counting deltas rather than messages is what makes duplicates,
 * redelivery and reordering harmless: a version that is not newer than the stored one changes nothing.
 */
public final class MartDeltas {

    private MartDeltas() {
    }

    /**
     * @param newest at most one version per order
     * @param stored the stored state of those orders that have one, by order key
     */
    public static MartUpdate between(Map<UUID, OrderState> stored, List<VaultOrder> newest) {
        List<OrderState> changed = new ArrayList<>(newest.size());
        CounterChanges products = new CounterChanges();
        CounterChanges categories = new CounterChanges();
        for (VaultOrder order : newest) {
            OrderState before = stored.get(order.orderKey());
            if (before != null && !order.version().isNewerThan(before.version())) {
                continue;
            }
            changed.add(OrderState.of(order));
            if (before != null && before.counts()) {
                products.withdraw(before.userKey(), before.productKeys());
                categories.withdraw(before.userKey(), before.categoryKeys());
            }
            if (order.isClosed()) {
                products.contribute(order.userKey(), OrderItems.products(order), order.version());
                categories.contribute(order.userKey(), OrderItems.categories(order), order.version());
            }
        }
        return new MartUpdate(changed, products.deltas(), categories.deltas());
    }
}
