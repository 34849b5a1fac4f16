package io.orderpipeline.shared.message;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/** One order version enriched with user and restaurant data (topic {@code stg-service-orders}, key = order id). */
public record EnrichedOrder(long objectId, String objectType, LocalDateTime sentDttm, Payload payload)
        implements VersionedOrder {

    @Override
    public long orderId() {
        return objectId;
    }

    @Override
    public OrderVersion version() {
        return new OrderVersion(payload.updateTs(), sentDttm);
    }

    /** The Kafka key: the order id, so that all versions of one order stay in one partition. */
    public String kafkaKey() {
        return Long.toString(objectId);
    }

    public record Payload(long id, LocalDateTime date, BigDecimal cost, BigDecimal payment, String status,
            LocalDateTime updateTs, Restaurant restaurant, User user, List<Product> products) {
        public Payload {
            products = List.copyOf(products);
        }
    }

    public record Restaurant(String id, String name) {
    }

    public record User(String id, String name, String login) {
    }

    public record Product(String id, String name, BigDecimal price, BigDecimal quantity, String category) {
    }
}
