package io.orderpipeline.cdm.mart;

import io.orderpipeline.shared.message.OrderVersion;
import io.orderpipeline.shared.message.VaultOrder;

import java.util.List;
import java.util.UUID;

/**
 * What cdm keeps of one order ({@code cdm.order_state}): its newest version, and the distinct products and
 * categories of that version. It is all the marts need to take the order's contribution back when a newer
 * version replaces it.
 */
public record OrderState(UUID orderKey, UUID userKey, OrderVersion version, String status,
        List<UUID> productKeys, List<UUID> categoryKeys) {

    public OrderState {
        productKeys = List.copyOf(productKeys);
        categoryKeys = List.copyOf(categoryKeys);
    }

    public static OrderState of(VaultOrder order) {
        return new OrderState(order.orderKey(), order.userKey(), order.version(), order.status(),
                List.copyOf(OrderItems.products(order).keySet()),
                List.copyOf(OrderItems.categories(order).keySet()));
    }

    /** Only an order whose newest version is CLOSED counts toward the marts. */
    public boolean counts() {
        return VaultOrder.CLOSED.equals(status);
    }
}
