package io.orderpipeline.cdm.mart;

import io.orderpipeline.cdm.persistence.CounterRepository.Mart;
import io.orderpipeline.cdm.persistence.CounterRepository;
import io.orderpipeline.cdm.persistence.OrderStateRepository;
import io.orderpipeline.cdm.persistence.UserLocks;
import io.orderpipeline.runtime.delivery.Outcome;
import io.orderpipeline.shared.message.VaultOrder;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What cdm does with a batch of order versions (at most one per order), in one transaction: lock the orders'
 * stored state, compute the marts' deltas against it, lock the users those deltas touch, and write the new state
 * and the deltas. The state and the counters commit together or not at all, so a crash or a retry can never apply
 * a delta twice or lose one.
 */
@ApplicationScoped
public class MartMaintenance {

    private final Pool database;
    private final OrderStateRepository orderStates;
    private final UserLocks userLocks;
    private final CounterRepository counters;

    public MartMaintenance(Pool database, OrderStateRepository orderStates, UserLocks userLocks,
            CounterRepository counters) {
        this.database = database;
        this.orderStates = orderStates;
        this.userLocks = userLocks;
        this.counters = counters;
    }

    /** @return per version: stored, or stale when it is not newer than the stored one */
    public Uni<List<Outcome>> apply(List<VaultOrder> newest) {
        return update(newest).map(update -> {
            Set<UUID> changed = new HashSet<>();
            update.changedOrders().forEach(state -> changed.add(state.orderKey()));
            List<Outcome> outcomes = new ArrayList<>(newest.size());
            for (VaultOrder order : newest) {
                outcomes.add(changed.contains(order.orderKey()) ? Outcome.stored()
                        : Outcome.stale("order " + order.orderId() + " version " + order.version()
                                + " is not newer than the stored one"));
            }
            return outcomes;
        });
    }

    /** The transaction itself; what changed is only the orders whose given version is newer than the stored one. */
    Uni<MartUpdate> update(List<VaultOrder> newest) {
        if (newest.isEmpty()) {
            return Uni.createFrom().item(MartUpdate.NONE);
        }
        List<UUID> orderKeys = newest.stream().map(VaultOrder::orderKey).toList();
        return database.withTransaction(transaction -> orderStates.lock(transaction, orderKeys).chain(stored -> {
            MartUpdate update = MartDeltas.between(stored, newest);
            return userLocks.lock(transaction, update.users())
                    .chain(() -> orderStates.store(transaction, update.changedOrders(), stored.keySet()))
                    .chain(() -> counters.apply(transaction, Mart.USER_PRODUCTS, update.productDeltas()))
                    .chain(() -> counters.apply(transaction, Mart.USER_CATEGORIES, update.categoryDeltas()))
                    .replaceWith(update);
        }));
    }
}
