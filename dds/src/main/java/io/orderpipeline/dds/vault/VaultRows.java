package io.orderpipeline.dds.vault;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.vault.DataVaultKeys;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The hub, link and satellite rows of a batch of orders, at most one row per key and table: what the
 * repository writes, one statement per table.
 */
public record VaultRows(
        List<Hub> users, List<Hub> products, List<Hub> categories, List<Hub> restaurants, List<OrderHub> orders,
        List<Link> orderProducts, List<Link> productRestaurants, List<Link> productCategories, List<Link> orderUsers,
        List<UserNames> userNames, List<Name> productNames, List<Name> restaurantNames, List<OrderCost> orderCosts,
        List<OrderStatus> orderStatuses) {

    public VaultRows {
        users = List.copyOf(users);
        products = List.copyOf(products);
        categories = List.copyOf(categories);
        restaurants = List.copyOf(restaurants);
        orders = List.copyOf(orders);
        orderProducts = List.copyOf(orderProducts);
        productRestaurants = List.copyOf(productRestaurants);
        productCategories = List.copyOf(productCategories);
        orderUsers = List.copyOf(orderUsers);
        userNames = List.copyOf(userNames);
        productNames = List.copyOf(productNames);
        restaurantNames = List.copyOf(restaurantNames);
        orderCosts = List.copyOf(orderCosts);
        orderStatuses = List.copyOf(orderStatuses);
    }

    /**
     * The rows of these orders (at most one version per order). Where several orders name the same hub key,
     * its satellite row comes from the newest of them: within a batch, only the newest attributes can be
     * current, so older ones would add nothing.
     */
    public static VaultRows of(List<EnrichedOrder> orders) {
        VaultRowsBuilder builder = new VaultRowsBuilder();
        orders.forEach(builder::add);
        return builder.build();
    }

    /** A hub of a text business key (user, product, category, restaurant). */
    public record Hub(UUID key, String businessKey) {
        static Hub of(String businessKey) {
            return new Hub(DataVaultKeys.hubKey(businessKey), businessKey);
        }
    }

    /** {@code h_order}: the business key is the order id as decimal text. */
    public record OrderHub(UUID key, long orderId, LocalDateTime orderDt) {
        static OrderHub of(long orderId, LocalDateTime orderDt) {
            return new OrderHub(DataVaultKeys.hubKey(Long.toString(orderId)), orderId, orderDt);
        }
    }

    /** A link of two hubs, in the order of the link's name ({@code l_order_product}: order, then product). */
    public record Link(UUID key, UUID firstHubKey, UUID secondHubKey) {
        static Link of(Hub first, Hub second) {
            return new Link(DataVaultKeys.linkKey(first.businessKey(), second.businessKey()), first.key(), second.key());
        }

        static Link of(OrderHub order, Hub second) {
            return new Link(DataVaultKeys.linkKey(Long.toString(order.orderId()), second.businessKey()), order.key(),
                    second.key());
        }
    }

    /** {@code s_user_names}. {@code loadDt} is the source version time, the order's {@code update_ts}. */
    public record UserNames(UUID userKey, String username, String userlogin, UUID hashdiff, LocalDateTime loadDt) {
        static UserNames of(UUID userKey, String username, String userlogin, LocalDateTime loadDt) {
            return new UserNames(userKey, username, userlogin, DataVaultKeys.hashdiff(username, userlogin), loadDt);
        }
    }

    /** {@code s_product_names} and {@code s_restaurant_names}. */
    public record Name(UUID hubKey, String name, UUID hashdiff, LocalDateTime loadDt) {
        static Name of(UUID hubKey, String name, LocalDateTime loadDt) {
            return new Name(hubKey, name, DataVaultKeys.hashdiff(name), loadDt);
        }
    }

    /** {@code s_order_cost}. */
    public record OrderCost(UUID orderKey, BigDecimal cost, BigDecimal payment, UUID hashdiff, LocalDateTime loadDt) {
        static OrderCost of(UUID orderKey, BigDecimal cost, BigDecimal payment, LocalDateTime loadDt) {
            return new OrderCost(orderKey, cost, payment, DataVaultKeys.hashdiff(cost, payment), loadDt);
        }
    }

    /** {@code s_order_status}. */
    public record OrderStatus(UUID orderKey, String status, UUID hashdiff, LocalDateTime loadDt) {
        static OrderStatus of(UUID orderKey, String status, LocalDateTime loadDt) {
            return new OrderStatus(orderKey, status, DataVaultKeys.hashdiff(status), loadDt);
        }
    }
}
