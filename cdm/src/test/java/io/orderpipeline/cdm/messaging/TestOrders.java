package io.orderpipeline.cdm.messaging;

import io.orderpipeline.shared.message.VaultOrder;

import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Order versions as dds publishes them, for the cdm tests. Every test uses users of its own. */
final class TestOrders {

    static final LocalDateTime T = LocalDateTime.of(2023, 4, 1, 20, 45, 43);
    private static final AtomicLong ORDER_IDS = new AtomicLong(1_000);

    static final UUID MAINS = UUID.randomUUID();
    static final UUID DRINKS = UUID.randomUUID();
    static final VaultOrder.Product RICE = new VaultOrder.Product(UUID.randomUUID(), "Рис с лимоном", MAINS, "Горячее");
    static final VaultOrder.Product SOUP = new VaultOrder.Product(UUID.randomUUID(), "Борщ", MAINS, "Горячее");
    static final VaultOrder.Product TEA = new VaultOrder.Product(UUID.randomUUID(), "Чай", DRINKS, "Напитки");

    private TestOrders() {
    }

    /** One user's order; its versions differ by {@link Order#version}. */
    record Order(long id, UUID key, UUID user) {

        static Order of(UUID user) {
            return new Order(ORDER_IDS.incrementAndGet(), UUID.randomUUID(), user);
        }

        /** The version {@code minute} minutes after {@link #T}, sent 10 seconds later. */
        VaultOrder version(int minute, String status, VaultOrder.Product... products) {
            LocalDateTime updateTs = T.plusMinutes(minute);
            return new VaultOrder(id, key, updateTs, updateTs.plusSeconds(10), status, user, List.of(products));
        }
    }
}
