package io.orderpipeline.testsupport.orders;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.ReferenceData;
import io.orderpipeline.shared.message.VaultOrder;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Orders as each topic carries them, for tests: the samples of the design doc, and versions of them that differ by
 * their version time ({@code minute} minutes after the sample's). One nested class per layer.
 */
public final class TestOrders {

    private TestOrders() {
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** order-service_orders: the upstream events, and the reference data they need in Redis. */
    public static final class Upstream {

        public static final LocalDateTime T = LocalDateTime.of(2023, 4, 1, 20, 45, 43);
        public static final String USER_ID = "626a81ce9a8cd1920641e29c";
        public static final String RESTAURANT_ID = "ef8c42c19b7518a9aebec106";
        /** "Рис с лимоном", category "Закуски". */
        public static final String ITEM_ID = "aeca4d08abab78869c20128c";

        public static final ReferenceData.User USER = new ReferenceData.User(USER_ID, "Котова Ольга Вениаминовна",
                "kotova_1", T);
        public static final ReferenceData.Restaurant RESTAURANT = new ReferenceData.Restaurant(RESTAURANT_ID,
                "Кофейня №1",
                List.of(new ReferenceData.MenuItem(ITEM_ID, "Рис с лимоном", new BigDecimal("175"), "Закуски"),
                        new ReferenceData.MenuItem("6276e8cd0cf48b4cded00878", "РОЛЛ С ТОФУ", new BigDecimal("180"),
                                "Выпечка")),
                T);

        /** The upstream sample of the design doc, verbatim apart from the object id. */
        public static byte[] sample(long objectId) {
            return utf8("""
                    {"object_id": %d, "object_type": "order", "sent_dttm": "2023-04-08 20:27:36",
                     "payload": {
                       "restaurant": {"id": "ef8c42c19b7518a9aebec106"},
                       "date": "2023-04-01 20:45:43",
                       "user": {"id": "626a81ce9a8cd1920641e29c"},
                       "order_items": [{"id": "aeca4d08abab78869c20128c", "name": "Рис с лимоном", "price": 175, "quantity": 5}],
                       "bonus_payment": 0, "cost": 875, "payment": 875, "bonus_grant": 0,
                       "statuses": [{"status": "CLOSED", "dttm": "2023-04-01 20:45:43"},
                                    {"status": "OPEN", "dttm": "2023-04-01 18:55:52"}],
                       "final_status": "CLOSED", "update_ts": "2023-04-01 20:45:43"}}
                    """.formatted(objectId));
        }

        /** Version {@code minute} of an order of the sample's user, restaurant and dish. */
        public static OrderEvent version(long objectId, int minute, String status) {
            return order(objectId, T.plusMinutes(minute), status, USER_ID, RESTAURANT_ID, ITEM_ID);
        }

        public static OrderEvent order(long objectId, LocalDateTime updateTs, String status, String userId,
                String restaurantId, String itemId) {
            OrderEvent.Payload payload = new OrderEvent.Payload(restaurantId, T, userId,
                    List.of(new OrderEvent.Item(itemId, "Рис с лимоном", new BigDecimal("175"), new BigDecimal("2"))),
                    BigDecimal.ZERO, new BigDecimal("350"), new BigDecimal("350"), BigDecimal.ZERO,
                    List.of(new OrderEvent.StatusChange(status, updateTs)), status, updateTs);
            return new OrderEvent(objectId, OrderEvent.ORDER_TYPE, updateTs.plusSeconds(30), payload, null);
        }

        public static byte[] json(OrderEvent event) {
            return MessageCodec.encode(event);
        }

        private Upstream() {
        }
    }

    /** stg-service-orders: orders as stg publishes them, shaped like the STG → DDS sample of the design doc. */
    public static final class Enriched {

        public static final LocalDateTime T = LocalDateTime.of(2022, 11, 19, 16, 6, 36);
        public static final String USER_ID = "626a81ce9a8cd1920641e296";
        public static final String RESTAURANT_ID = "626a81cfefa404208fe9abae";
        public static final String PRODUCT_ID = "6276e8cd0cf48b4cded00878";

        public static final EnrichedOrder.User USER =
                new EnrichedOrder.User(USER_ID, "Котова Ольга Вениаминовна", "kotova_1");
        public static final EnrichedOrder.Restaurant RESTAURANT =
                new EnrichedOrder.Restaurant(RESTAURANT_ID, "Кофейня №1");
        public static final EnrichedOrder.Product ROLL = product(PRODUCT_ID, "РОЛЛ С ТОФУ", "Выпечка");

        /** The sample of the design doc with another order id. */
        public static EnrichedOrder sample(long orderId) {
            return order(orderId, T, "CLOSED", USER, RESTAURANT, List.of(ROLL));
        }

        /** Version {@code minute} of an order with the sample's user, restaurant and product. */
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

        private Enriched() {
        }
    }

    /** dds-service-orders: order versions as dds publishes them. Every test gets users of its own. */
    public static final class Vault {

        public static final LocalDateTime T = LocalDateTime.of(2023, 4, 1, 20, 45, 43);
        private static final AtomicLong ORDER_IDS = new AtomicLong(1_000);

        public static final UUID MAINS = UUID.randomUUID();
        public static final UUID DRINKS = UUID.randomUUID();
        public static final VaultOrder.Product RICE =
                new VaultOrder.Product(UUID.randomUUID(), "Рис с лимоном", MAINS, "Горячее");
        public static final VaultOrder.Product SOUP = new VaultOrder.Product(UUID.randomUUID(), "Борщ", MAINS, "Горячее");
        public static final VaultOrder.Product TEA = new VaultOrder.Product(UUID.randomUUID(), "Чай", DRINKS, "Напитки");

        /** One user's order; its versions differ by {@link Order#version}. */
        public record Order(long id, UUID key, UUID user) {

            public static Order of(UUID user) {
                return new Order(ORDER_IDS.incrementAndGet(), UUID.randomUUID(), user);
            }

            /** The version {@code minute} minutes after {@link Vault#T}, sent 10 seconds later. */
            public VaultOrder version(int minute, String status, VaultOrder.Product... products) {
                LocalDateTime updateTs = T.plusMinutes(minute);
                return new VaultOrder(id, key, updateTs, updateTs.plusSeconds(10), status, user, List.of(products));
            }
        }

        private Vault() {
        }
    }
}
