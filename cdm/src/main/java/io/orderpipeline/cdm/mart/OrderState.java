package io.orderpipeline.cdm.mart;

import io.orderpipeline.shared.message.OrderVersion;
import io.orderpipeline.shared.message.VaultOrder;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What cdm keeps of one order ({@code cdm.order_state}): its newest version, and the distinct products and
 * categories of that version with their names. The keys are all the marts need to take the order's contribution
 * back when a newer version replaces it; with the names, the marts can be recomputed from the states alone.
 *
 * @param productNames  the name of each of {@code productKeys}, at the same position
 * @param categoryNames the name of each of {@code categoryKeys}, at the same position
 */
public record OrderState(UUID orderKey, UUID userKey, OrderVersion version, String status,
        List<UUID> productKeys, List<String> productNames, List<UUID> categoryKeys, List<String> categoryNames) {

    public OrderState {
        productKeys = List.copyOf(productKeys);
        productNames = List.copyOf(productNames);
        categoryKeys = List.copyOf(categoryKeys);
        categoryNames = List.copyOf(categoryNames);
    }

    public static OrderState of(VaultOrder order) {
        Map<UUID, String> products = OrderItems.products(order);
        Map<UUID, String> categories = OrderItems.categories(order);
        return new OrderState(order.orderKey(), order.userKey(), order.version(), order.status(),
                List.copyOf(products.keySet()), List.copyOf(products.values()),
                List.copyOf(categories.keySet()), List.copyOf(categories.values()));
    }

    /** Only an order whose newest version is CLOSED counts toward the marts. */
    public boolean counts() {
        return VaultOrder.CLOSED.equals(status);
    }
}
