package io.orderpipeline.shared.message;

import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the marts need of one order version, with Data Vault hub keys (topic {@code dds-service-orders},
 * key = user hub key, so that one user's counters are only ever written by one consumer).
 */
public record VaultOrder(long orderId, UUID orderKey, LocalDateTime updateTs, LocalDateTime sentDttm, String status,
        UUID userKey, List<Product> products) implements VersionedOrder {

    public static final String CLOSED = "CLOSED";

    public VaultOrder {
        products = List.copyOf(products);
    }

    @Override
    public OrderVersion version() {
        return new OrderVersion(updateTs, sentDttm);
    }

    public boolean isClosed() {
        return CLOSED.equals(status);
    }

    public String kafkaKey() {
        return userKey.toString();
    }

    public record Product(UUID productKey, String productName, UUID categoryKey, String categoryName) {
    }
}
