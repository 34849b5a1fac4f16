package io.orderpipeline.stg.messaging;

import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.ReferenceData;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;

/** Order events and reference data for the stg tests, shaped like the upstream sample of DESIGN.md. */
final class TestOrders {

    static final LocalDateTime T = LocalDateTime.of(2023, 4, 1, 20, 45, 43);
    static final String USER_ID = "626a81ce9a8cd1920641e29c";
    static final String RESTAURANT_ID = "ef8c42c19b7518a9aebec106";
    static final String ITEM_ID = "aeca4d08abab78869c20128c";

    static final ReferenceData.User USER = new ReferenceData.User(USER_ID, "Котова Ольга Вениаминовна", "kotova_1", T);
    static final ReferenceData.Restaurant RESTAURANT = new ReferenceData.Restaurant(RESTAURANT_ID, "Кофейня №1",
            List.of(new ReferenceData.MenuItem(ITEM_ID, "Рис с лимоном", new BigDecimal("175"), "Закуски"),
                    new ReferenceData.MenuItem("6276e8cd0cf48b4cded00878", "РОЛЛ С ТОФУ", new BigDecimal("180"),
                            "Выпечка")),
            T);

    /** The upstream sample of DESIGN.md, verbatim apart from the object id. */
    static byte[] upstreamSample(long objectId) {
        return ("""
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
                """).formatted(objectId).getBytes(StandardCharsets.UTF_8);
    }

    /** Version {@code minute} of an order: its update_ts is T plus that many minutes. */
    static OrderEvent version(long objectId, int minute, String status) {
        return order(objectId, T.plusMinutes(minute), status, USER_ID, RESTAURANT_ID, ITEM_ID);
    }

    static OrderEvent order(long objectId, LocalDateTime updateTs, String status, String userId, String restaurantId,
            String itemId) {
        OrderEvent.Payload payload = new OrderEvent.Payload(restaurantId, T, userId,
                List.of(new OrderEvent.Item(itemId, "Рис с лимоном", new BigDecimal("175"), new BigDecimal("2"))),
                BigDecimal.ZERO, new BigDecimal("350"), new BigDecimal("350"), BigDecimal.ZERO,
                List.of(new OrderEvent.StatusChange(status, updateTs)), status, updateTs);
        return new OrderEvent(objectId, OrderEvent.ORDER_TYPE, updateTs.plusSeconds(30), payload, null);
    }

    static byte[] json(OrderEvent event) {
        return MessageCodec.encode(event);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private TestOrders() {
    }
}
