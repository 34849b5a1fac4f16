package io.orderpipeline.dds.vault;

import io.orderpipeline.dds.vault.VaultRows.Hub;
import io.orderpipeline.dds.vault.VaultRows.Link;
import io.orderpipeline.dds.vault.VaultRows.Name;
import io.orderpipeline.dds.vault.VaultRows.OrderCost;
import io.orderpipeline.dds.vault.VaultRows.OrderHub;
import io.orderpipeline.dds.vault.VaultRows.OrderStatus;
import io.orderpipeline.dds.vault.VaultRows.UserNames;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.OrderVersion;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Collects the rows of a batch's orders: hubs and links once per key, satellites from the newest order. */
final class VaultRowsBuilder {

    private final Map<UUID, Hub> users = new LinkedHashMap<>();
    private final Map<UUID, Hub> products = new LinkedHashMap<>();
    private final Map<UUID, Hub> categories = new LinkedHashMap<>();
    private final Map<UUID, Hub> restaurants = new LinkedHashMap<>();
    private final Map<UUID, OrderHub> orders = new LinkedHashMap<>();
    private final Map<UUID, Link> orderProducts = new LinkedHashMap<>();
    private final Map<UUID, Link> productRestaurants = new LinkedHashMap<>();
    private final Map<UUID, Link> productCategories = new LinkedHashMap<>();
    private final Map<UUID, Link> orderUsers = new LinkedHashMap<>();
    private final Newest<UserNames> userNames = new Newest<>();
    private final Newest<Name> productNames = new Newest<>();
    private final Newest<Name> restaurantNames = new Newest<>();
    private final Newest<OrderCost> orderCosts = new Newest<>();
    private final Newest<OrderStatus> orderStatuses = new Newest<>();

    void add(EnrichedOrder order) {
        EnrichedOrder.Payload payload = order.payload();
        OrderVersion version = order.version();
        LocalDateTime loadDt = payload.updateTs();

        OrderHub orderHub = OrderHub.of(order.objectId(), payload.date());
        orders.putIfAbsent(orderHub.key(), orderHub);
        Hub user = hub(users, payload.user().id());
        Hub restaurant = hub(restaurants, payload.restaurant().id());
        link(orderUsers, Link.of(orderHub, user));

        userNames.offer(user.key(), version,
                UserNames.of(user.key(), payload.user().name(), payload.user().login(), loadDt));
        restaurantNames.offer(restaurant.key(), version, Name.of(restaurant.key(), payload.restaurant().name(), loadDt));
        orderCosts.offer(orderHub.key(), version,
                OrderCost.of(orderHub.key(), payload.cost(), payload.payment(), loadDt));
        orderStatuses.offer(orderHub.key(), version, OrderStatus.of(orderHub.key(), payload.status(), loadDt));

        for (EnrichedOrder.Product line : VaultOrders.distinctProducts(order)) {
            Hub product = hub(products, line.id());
            Hub category = hub(categories, line.category());
            link(orderProducts, Link.of(orderHub, product));
            link(productRestaurants, Link.of(product, restaurant));
            link(productCategories, Link.of(product, category));
            productNames.offer(product.key(), version, Name.of(product.key(), line.name(), loadDt));
        }
    }

    VaultRows build() {
        return new VaultRows(
                List.copyOf(users.values()), List.copyOf(products.values()), List.copyOf(categories.values()),
                List.copyOf(restaurants.values()), List.copyOf(orders.values()),
                List.copyOf(orderProducts.values()), List.copyOf(productRestaurants.values()),
                List.copyOf(productCategories.values()), List.copyOf(orderUsers.values()),
                userNames.rows(), productNames.rows(), restaurantNames.rows(), orderCosts.rows(),
                orderStatuses.rows());
    }

    /** The hub row of this business key; the first spelling seen is kept (all spellings have the same key). */
    private static Hub hub(Map<UUID, Hub> hubs, String businessKey) {
        Hub hub = Hub.of(businessKey);
        Hub kept = hubs.putIfAbsent(hub.key(), hub);
        return kept == null ? hub : kept;
    }

    private static void link(Map<UUID, Link> links, Link link) {
        links.putIfAbsent(link.key(), link);
    }

    /**
     * One satellite row per hub key: the one from the newest order version, of equal versions the last
     * offered (the rule of {@code DecodedBatch.newestPer}).
     */
    private static final class Newest<R> {

        private record Candidate<R>(OrderVersion version, R row) {
        }

        private final Map<UUID, Candidate<R>> rows = new LinkedHashMap<>();

        void offer(UUID hubKey, OrderVersion version, R row) {
            rows.merge(hubKey, new Candidate<>(version, row),
                    (kept, candidate) -> candidate.version().isOlderThan(kept.version()) ? kept : candidate);
        }

        List<R> rows() {
            List<R> newest = new ArrayList<>(rows.size());
            rows.values().forEach(candidate -> newest.add(candidate.row()));
            return newest;
        }
    }
}
