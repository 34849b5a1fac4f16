package io.orderpipeline.testsupport.oracle;

import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.shared.vault.DataVaultKeys;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.sample.SampleReferenceData;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The oracle: what the marts must hold, computed from the input alone, straight from the marts' definition and
 * without the services' code. Take the newest version of each order; per user and product (category), count the
 * distinct orders whose newest version is CLOSED and contains it; the name is the one in the newest of those
 * versions. Rows are sorted by user and item.
 *
 * @param newestOrders for input given as upstream events: the newest version of each order, which
 *                     {@code stg.order_events} must hold; empty otherwise
 */
public record ExpectedMarts(List<MartRow> productCounters, List<MartRow> categoryCounters,
        Map<Long, OrderEvent> newestOrders) {

    /** The marts that order versions as dds publishes them imply. */
    public static ExpectedMarts of(Iterable<VaultOrder> input) {
        Map<UUID, VaultOrder> newest = new HashMap<>();
        for (VaultOrder order : input) {
            newest.merge(order.orderKey(), order,
                    (kept, candidate) -> candidate.version().isNewerThan(kept.version()) ? candidate : kept);
        }
        Counts products = new Counts();
        Counts categories = new Counts();
        for (VaultOrder order : newest.values()) {
            if (!VaultOrder.CLOSED.equals(order.status())) {
                continue;
            }
            Set<UUID> productsSeen = new HashSet<>();
            Set<UUID> categoriesSeen = new HashSet<>();
            for (VaultOrder.Product line : order.products()) {
                if (productsSeen.add(line.productKey())) {
                    products.count(order, line.productKey(), line.productName());
                }
                if (categoriesSeen.add(line.categoryKey())) {
                    categories.count(order, line.categoryKey(), line.categoryName());
                }
            }
        }
        return new ExpectedMarts(products.rows(), categories.rows(), Map.of());
    }

    /**
     * The marts that a stream of upstream events implies, with the reference data that Redis holds; poison is left
     * out, as the pipeline dead-letters it.
     */
    public static ExpectedMarts of(List<SampleOrders.Message> input, SampleReferenceData references) {
        Map<String, String> categoryOfDish = new HashMap<>();
        references.restaurants().forEach(restaurant ->
                restaurant.menu().forEach(dish -> categoryOfDish.put(dish.id(), dish.category())));
        Map<Long, OrderEvent> newest = new TreeMap<>();
        List<VaultOrder> versions = new ArrayList<>();
        for (SampleOrders.Message message : input) {
            if (message.isPoison()) {
                continue;
            }
            OrderEvent event = message.event();
            newest.merge(event.objectId(), event,
                    (kept, candidate) -> candidate.version().isNewerThan(kept.version()) ? candidate : kept);
            List<VaultOrder.Product> products = new ArrayList<>();
            for (OrderEvent.Item item : event.payload().orderItems()) {
                String category = categoryOfDish.get(item.id());
                products.add(new VaultOrder.Product(DataVaultKeys.hubKey(item.id()), item.name(),
                        DataVaultKeys.hubKey(category), category));
            }
            versions.add(new VaultOrder(event.objectId(), DataVaultKeys.hubKey(Long.toString(event.objectId())),
                    event.payload().updateTs(), event.sentDttm(), event.payload().finalStatus(),
                    DataVaultKeys.hubKey(event.payload().userId()), products));
        }
        ExpectedMarts marts = of(versions);
        return new ExpectedMarts(marts.productCounters(), marts.categoryCounters(), newest);
    }

    private static final class Counts {
        private record Pair(UUID user, UUID item) {
        }

        private final Map<Pair, Integer> orders = new HashMap<>();
        private final Map<Pair, VaultOrder> namedBy = new HashMap<>();
        private final Map<Pair, String> names = new HashMap<>();

        void count(VaultOrder order, UUID item, String name) {
            Pair pair = new Pair(order.userKey(), item);
            orders.merge(pair, 1, Integer::sum);
            VaultOrder previous = namedBy.get(pair);
            if (previous == null || order.version().isNewerThan(previous.version())) {
                namedBy.put(pair, order);
                names.put(pair, name);
            }
        }

        List<MartRow> rows() {
            List<MartRow> rows = new ArrayList<>();
            orders.forEach((pair, count) -> rows.add(new MartRow(pair.user(), pair.item(), names.get(pair), count)));
            rows.sort(MartRow.ORDER);
            return rows;
        }
    }
}
