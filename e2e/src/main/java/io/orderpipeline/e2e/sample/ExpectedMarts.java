package io.orderpipeline.e2e.sample;

import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.ReferenceData;
import io.orderpipeline.shared.vault.DataVaultKeys;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The oracle: what the marts must hold, computed from the input alone, straight from DESIGN.md's
 * definition (the newest version of each order; distinct CLOSED orders per user and product/category).
 */
public record ExpectedMarts(Map<Row, Integer> productCounters, Map<Row, Integer> categoryCounters,
        Map<Long, OrderEvent> newestOrders) {

    /** One mart row's identity and name: (user_id, product_id or category_id, name). */
    public record Row(UUID userId, UUID itemId, String name) {
    }

    public static ExpectedMarts of(List<SampleOrders.Message> input, SampleReferenceData references) {
        Map<String, String> categoryOfDish = new HashMap<>();
        for (ReferenceData.Restaurant restaurant : references.restaurants()) {
            restaurant.menu().forEach(dish -> categoryOfDish.put(dish.id(), dish.category()));
        }
        Map<Long, OrderEvent> newest = new TreeMap<>();
        for (SampleOrders.Message message : input) {
            if (!message.isPoison()) {
                newest.merge(message.event().objectId(), message.event(),
                        (kept, candidate) -> candidate.version().isNewerThan(kept.version()) ? candidate : kept);
            }
        }
        Map<Row, Integer> products = new HashMap<>();
        Map<Row, Integer> categories = new HashMap<>();
        for (OrderEvent order : newest.values()) {
            if (!"CLOSED".equals(order.payload().finalStatus())) {
                continue;
            }
            UUID user = DataVaultKeys.hubKey(order.payload().userId());
            Set<Row> productRows = new LinkedHashSet<>();
            Set<Row> categoryRows = new HashSet<>();
            for (OrderEvent.Item item : order.payload().orderItems()) {
                String category = categoryOfDish.get(item.id());
                productRows.add(new Row(user, DataVaultKeys.hubKey(item.id()), item.name()));
                categoryRows.add(new Row(user, DataVaultKeys.hubKey(category), category));
            }
            productRows.forEach(row -> products.merge(row, 1, Integer::sum));
            categoryRows.forEach(row -> categories.merge(row, 1, Integer::sum));
        }
        return new ExpectedMarts(products, categories, newest);
    }
}
