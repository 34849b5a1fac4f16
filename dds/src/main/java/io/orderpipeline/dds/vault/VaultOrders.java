package io.orderpipeline.dds.vault;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.shared.vault.DataVaultKeys;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** What dds publishes of an order version: the order with the hub keys that cdm counts by. */
public final class VaultOrders {

    private VaultOrders() {
    }

    public static VaultOrder of(EnrichedOrder order) {
        EnrichedOrder.Payload payload = order.payload();
        return new VaultOrder(
                order.objectId(),
                DataVaultKeys.hubKey(Long.toString(order.objectId())),
                payload.updateTs(),
                order.sentDttm(),
                payload.status(),
                DataVaultKeys.hubKey(payload.user().id()),
                distinctProducts(order).stream()
                        .map(product -> new VaultOrder.Product(DataVaultKeys.hubKey(product.id()), product.name(),
                                DataVaultKeys.hubKey(product.category()), product.category()))
                        .toList());
    }

    /**
     * The order's products, once per product hub key (the first line naming it): an order that lists a
     * product on two lines contains it once, for the links as for the marts.
     */
    static Collection<EnrichedOrder.Product> distinctProducts(EnrichedOrder order) {
        Map<UUID, EnrichedOrder.Product> distinct = new LinkedHashMap<>();
        for (EnrichedOrder.Product product : order.payload().products()) {
            distinct.putIfAbsent(DataVaultKeys.hubKey(product.id()), product);
        }
        return distinct.values();
    }
}
