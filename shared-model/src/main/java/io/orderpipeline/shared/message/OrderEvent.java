package io.orderpipeline.shared.message;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * An upstream order event (topic {@code order-service_orders}), as decoded and validated.
 *
 * @param payloadJson the {@code payload} object as JSON text, stored as it came in {@code stg.order_events}
 */
public record OrderEvent(long objectId, String objectType, LocalDateTime sentDttm, Payload payload, String payloadJson)
        implements VersionedOrder {

    public static final String ORDER_TYPE = "order";

    @Override
    public long orderId() {
        return objectId;
    }

    @Override
    public OrderVersion version() {
        return new OrderVersion(payload.updateTs(), sentDttm);
    }

    public record Payload(String restaurantId, LocalDateTime date, String userId, List<Item> orderItems,
            BigDecimal bonusPayment, BigDecimal cost, BigDecimal payment, BigDecimal bonusGrant,
            List<StatusChange> statuses, String finalStatus, LocalDateTime updateTs) {
        public Payload {
            orderItems = List.copyOf(orderItems);
            statuses = List.copyOf(statuses);
        }
    }

    public record Item(String id, String name, BigDecimal price, BigDecimal quantity) {
    }

    public record StatusChange(String status, LocalDateTime dttm) {
    }
}
