package io.orderpipeline.cdm.persistence;

import io.orderpipeline.cdm.mart.MartDeltas;
import io.orderpipeline.cdm.mart.MartUpdate;
import io.orderpipeline.cdm.persistence.CounterRepository.Mart;
import io.orderpipeline.shared.message.VaultOrder;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * One batch, one transaction: lock the orders' stored state, compute the deltas against it, write the new state
 * and the deltas. The state and the counters commit together or not at all, so a crash or a retry can never
 * apply a delta twice or lose one.
 */
@ApplicationScoped
public class MartRepository {

    private final Pool client;
    private final OrderStateRepository orderStates;
    private final CounterRepository counters;

    public MartRepository(Pool client, OrderStateRepository orderStates, CounterRepository counters) {
        this.client = client;
        this.orderStates = orderStates;
        this.counters = counters;
    }

    /**
     * @param newest at most one version per order
     * @return what changed: only orders whose given version is newer than the stored one
     */
    public Uni<MartUpdate> applyNewest(List<VaultOrder> newest) {
        if (newest.isEmpty()) {
            return Uni.createFrom().item(MartUpdate.NONE);
        }
        List<UUID> orderKeys = newest.stream().map(VaultOrder::orderKey).toList();
        return client.withTransaction(transaction -> orderStates.lock(transaction, orderKeys).chain(stored -> {
            MartUpdate update = MartDeltas.between(stored, newest);
            return orderStates.store(transaction, update.changedOrders(), stored.keySet())
                    .chain(() -> counters.apply(transaction, Mart.USER_PRODUCTS, update.productDeltas()))
                    .chain(() -> counters.apply(transaction, Mart.USER_CATEGORIES, update.categoryDeltas()))
                    .replaceWith(update);
        }));
    }
}
