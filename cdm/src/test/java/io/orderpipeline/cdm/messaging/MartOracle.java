package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.VaultOrder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the marts must hold, computed from the input alone, straight from the definition in DESIGN.md and
 * without cdm's code: take the newest version of each order; per user and product (category), count the
 * distinct orders whose newest version is CLOSED and contains it. The name is the one in the newest of those
 * versions.
 */
record MartOracle(List<MartRow> products, List<MartRow> categories) {

    static MartOracle of(Iterable<VaultOrder> input) {
        Map<UUID, VaultOrder> newest = new HashMap<>();
        for (VaultOrder order : input) {
            newest.merge(order.orderKey(), order,
                    (kept, candidate) -> candidate.version().compareTo(kept.version()) > 0 ? candidate : kept);
        }
        Counts products = new Counts();
        Counts categories = new Counts();
        for (VaultOrder order : newest.values()) {
            if (!"CLOSED".equals(order.status())) {
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
        return new MartOracle(products.rows(), categories.rows());
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
            if (previous == null || order.version().compareTo(previous.version()) > 0) {
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
