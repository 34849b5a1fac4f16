package io.orderpipeline.dds;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/** Enriched orders for the dds tests, shaped like the STG → DDS sample of DESIGN.md. */
public final class TestOrders {

    public static final LocalDateTime T = LocalDateTime.of(2022, 11, 19, 16, 6, 36);
    public static final String USER_ID = "626a81ce9a8cd1920641e296";
    public static final String RESTAURANT_ID = "626a81cfefa404208fe9abae";
    public static final String PRODUCT_ID = "6276e8cd0cf48b4cded00878";

    public static final EnrichedOrder.User USER =
            new EnrichedOrder.User(USER_ID, "Котова Ольга Вениаминовна", "kotova_1");
    public static final EnrichedOrder.Restaurant RESTAURANT = new EnrichedOrder.Restaurant(RESTAURANT_ID, "Кофейня №1");
    public static final EnrichedOrder.Product ROLL = product(PRODUCT_ID, "РОЛЛ С ТОФУ", "Выпечка");

    private TestOrders() {
    }

    /** The sample of DESIGN.md with another order id. */
    public static EnrichedOrder sample(long orderId) {
        return order(orderId, T, "CLOSED", USER, RESTAURANT, List.of(ROLL));
    }

    /** Version {@code minute} of an order with the sample's user, restaurant and product: update_ts is T plus that. */
    public static EnrichedOrder version(long orderId, int minute, String status) {
        return order(orderId, T.plusMinutes(minute), status, USER, RESTAURANT, List.of(ROLL));
    }

    public static EnrichedOrder order(long orderId, LocalDateTime updateTs, String status, EnrichedOrder.User user,
            EnrichedOrder.Restaurant restaurant, List<EnrichedOrder.Product> products) {
        BigDecimal cost = products.stream().map(product -> product.price().multiply(product.quantity()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new EnrichedOrder(orderId, "order", updateTs.plusSeconds(25), new EnrichedOrder.Payload(
                orderId, T, cost, cost, status, updateTs, restaurant, user, products));
    }

    public static EnrichedOrder.Product product(String id, String name, String category) {
        return new EnrichedOrder.Product(id, name, new BigDecimal("180"), BigDecimal.ONE, category);
    }

    public static byte[] json(EnrichedOrder order) {
        return MessageCodec.encode(order);
    }
}
