package io.orderpipeline.cdm.mart;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What one batch changes: the orders whose newer version replaces the stored state, and the net change to
 * each counter row of the two marts.
 */
public record MartUpdate(List<OrderState> changedOrders, List<CounterDelta> productDeltas,
        List<CounterDelta> categoryDeltas) {

    public static final MartUpdate NONE = new MartUpdate(List.of(), List.of(), List.of());

    public MartUpdate {
        changedOrders = List.copyOf(changedOrders);
        productDeltas = List.copyOf(productDeltas);
        categoryDeltas = List.copyOf(categoryDeltas);
    }

    /** The users whose counter rows this update writes. */
    public Set<UUID> users() {
        Set<UUID> users = new TreeSet<>();
        productDeltas.forEach(delta -> users.add(delta.userKey()));
        categoryDeltas.forEach(delta -> users.add(delta.userKey()));
        return users;
    }
}
