package io.orderpipeline.cdm.mart;

import io.orderpipeline.shared.message.VaultOrder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The distinct products and categories of one order version, each with its name: an order counts once per
 * product however many lines name it. Of two lines naming the same key differently, the first one's name is taken.
 */
final class OrderItems {

    private OrderItems() {
    }

    static Map<UUID, String> products(VaultOrder order) {
        Map<UUID, String> products = new LinkedHashMap<>();
        for (VaultOrder.Product product : order.products()) {
            products.putIfAbsent(product.productKey(), product.productName());
        }
        return products;
    }

    static Map<UUID, String> categories(VaultOrder order) {
        Map<UUID, String> categories = new LinkedHashMap<>();
        for (VaultOrder.Product product : order.products()) {
            categories.putIfAbsent(product.categoryKey(), product.categoryName());
        }
        return categories;
    }
}
