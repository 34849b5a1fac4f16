package io.orderpipeline.cdm.mart;

import io.orderpipeline.shared.message.VaultOrder;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MartDeltasTest {

    private static final LocalDateTime T0 = LocalDateTime.of(2023, 4, 1, 18, 0);
    private static final UUID USER = UUID.randomUUID();
    private static final UUID ORDER = UUID.randomUUID();
    private static final VaultOrder.Product RICE = product("Rice", "Mains");
    private static final VaultOrder.Product SOUP = product("Soup", "Mains");
    private static final VaultOrder.Product TEA = product("Tea", "Drinks");

    @Test
    void aNewClosedOrderCountsOncePerDistinctProductAndCategory() {
        VaultOrder order = version(ORDER, 1, "CLOSED", RICE, RICE, SOUP);

        MartUpdate update = MartDeltas.between(Map.of(), List.of(order));

        assertThat(update.changedOrders()).containsExactly(OrderState.of(order));
        assertThat(update.productDeltas()).containsExactlyInAnyOrder(
                new CounterDelta(USER, RICE.productKey(), "Rice", 1),
                new CounterDelta(USER, SOUP.productKey(), "Soup", 1));
        assertThat(update.categoryDeltas()).containsExactly(new CounterDelta(USER, RICE.categoryKey(), "Mains", 1));
    }

    @Test
    void theStateKeepsDistinctKeysOfAnyStatus() {
        OrderState state = OrderState.of(version(ORDER, 1, "OPEN", RICE, TEA, RICE, SOUP));

        assertThat(state.productKeys()).containsExactly(RICE.productKey(), TEA.productKey(), SOUP.productKey());
        assertThat(state.categoryKeys()).containsExactly(RICE.categoryKey(), TEA.categoryKey());
        assertThat(state.counts()).isFalse();
    }

    @Test
    void aNewOrderThatIsNotClosedIsStoredButCountsNothing() {
        VaultOrder order = version(ORDER, 1, "OPEN", RICE);

        MartUpdate update = MartDeltas.between(Map.of(), List.of(order));

        assertThat(update.changedOrders()).containsExactly(OrderState.of(order));
        assertThat(update.productDeltas()).isEmpty();
        assertThat(update.categoryDeltas()).isEmpty();
    }

    @Test
    void aClosedOrderThatIsCancelledStopsCounting() {
        OrderState stored = OrderState.of(version(ORDER, 1, "CLOSED", RICE, TEA));
        VaultOrder cancelled = version(ORDER, 2, "CANCELLED", RICE, TEA);

        MartUpdate update = MartDeltas.between(Map.of(ORDER, stored), List.of(cancelled));

        assertThat(update.changedOrders()).containsExactly(OrderState.of(cancelled));
        assertThat(update.productDeltas()).containsExactlyInAnyOrder(
                new CounterDelta(USER, RICE.productKey(), null, -1),
                new CounterDelta(USER, TEA.productKey(), null, -1));
        assertThat(update.categoryDeltas()).containsExactlyInAnyOrder(
                new CounterDelta(USER, RICE.categoryKey(), null, -1),
                new CounterDelta(USER, TEA.categoryKey(), null, -1));
    }

    @Test
    void aCancelledOrderThatIsClosedAgainCountsAgain() {
        OrderState stored = OrderState.of(version(ORDER, 2, "CANCELLED", RICE));
        VaultOrder reclosed = version(ORDER, 3, "CLOSED", RICE);

        MartUpdate update = MartDeltas.between(Map.of(ORDER, stored), List.of(reclosed));

        assertThat(update.productDeltas()).containsExactly(new CounterDelta(USER, RICE.productKey(), "Rice", 1));
    }

    @Test
    void aNewerClosedVersionMovesTheCountFromOldToNewProductsAndRefreshesNamesOfTheKeptOnes() {
        OrderState stored = OrderState.of(version(ORDER, 1, "CLOSED", RICE, TEA));
        VaultOrder.Product renamedRice = new VaultOrder.Product(RICE.productKey(), "Rice with lemon",
                RICE.categoryKey(), "Mains");
        VaultOrder newer = version(ORDER, 2, "CLOSED", renamedRice, SOUP);

        MartUpdate update = MartDeltas.between(Map.of(ORDER, stored), List.of(newer));

        assertThat(update.productDeltas()).containsExactlyInAnyOrder(
                new CounterDelta(USER, RICE.productKey(), "Rice with lemon", 0),
                new CounterDelta(USER, TEA.productKey(), null, -1),
                new CounterDelta(USER, SOUP.productKey(), "Soup", 1));
        assertThat(update.categoryDeltas()).containsExactlyInAnyOrder(
                new CounterDelta(USER, RICE.categoryKey(), "Mains", 0),
                new CounterDelta(USER, TEA.categoryKey(), null, -1));
    }

    @Test
    void aVersionThatIsNotNewerThanTheStoredOneChangesNothing() {
        VaultOrder stored = version(ORDER, 2, "CLOSED", RICE);

        MartUpdate same = MartDeltas.between(Map.of(ORDER, OrderState.of(stored)), List.of(stored));
        MartUpdate older = MartDeltas.between(Map.of(ORDER, OrderState.of(stored)),
                List.of(version(ORDER, 1, "CANCELLED", RICE)));

        assertThat(same).isEqualTo(MartUpdate.NONE);
        assertThat(older).isEqualTo(MartUpdate.NONE);
    }

    @Test
    void ofVersionsWithTheSameUpdateTsTheLaterSentOneIsNewer() {
        VaultOrder first = version(ORDER, 1, "CLOSED", RICE);
        VaultOrder resent = new VaultOrder(first.orderId(), ORDER, first.updateTs(), first.sentDttm().plusSeconds(1),
                "CANCELLED", USER, first.products());

        MartUpdate update = MartDeltas.between(Map.of(ORDER, OrderState.of(first)), List.of(resent));

        assertThat(update.productDeltas()).containsExactly(new CounterDelta(USER, RICE.productKey(), null, -1));
    }

    @Test
    void deltasOfOneBatchAddUpPerUserAndItemAndTheNewestVersionNamesTheItem() {
        UUID otherOrder = UUID.randomUUID();
        UUID cancelledOrder = UUID.randomUUID();
        VaultOrder.Product oldRiceName = new VaultOrder.Product(RICE.productKey(), "Old rice", RICE.categoryKey(), "Mains");
        List<VaultOrder> batch = List.of(
                version(ORDER, 5, "CLOSED", RICE),
                version(otherOrder, 3, "CLOSED", oldRiceName, TEA),
                version(cancelledOrder, 9, "CANCELLED", TEA));
        Map<UUID, OrderState> stored = Map.of(cancelledOrder, OrderState.of(version(cancelledOrder, 8, "CLOSED", TEA)));

        MartUpdate update = MartDeltas.between(stored, batch);

        assertThat(update.changedOrders()).hasSize(3);
        assertThat(update.productDeltas()).containsExactlyInAnyOrder(
                new CounterDelta(USER, RICE.productKey(), "Rice", 2),
                new CounterDelta(USER, TEA.productKey(), "Tea", 0));
        assertThat(update.categoryDeltas()).containsExactlyInAnyOrder(
                new CounterDelta(USER, RICE.categoryKey(), "Mains", 2),
                new CounterDelta(USER, TEA.categoryKey(), "Drinks", 0));
    }

    @Test
    void aContributionIsTakenBackFromTheUserItWasCountedFor() {
        UUID formerUser = UUID.randomUUID();
        OrderState stored = new OrderState(ORDER, formerUser, version(ORDER, 1, "CLOSED").version(), "CLOSED",
                List.of(RICE.productKey()), List.of("Rice"), List.of(RICE.categoryKey()), List.of("Mains"));

        MartUpdate update = MartDeltas.between(Map.of(ORDER, stored), List.of(version(ORDER, 2, "CLOSED", RICE)));

        assertThat(update.productDeltas()).containsExactlyInAnyOrder(
                new CounterDelta(formerUser, RICE.productKey(), null, -1),
                new CounterDelta(USER, RICE.productKey(), "Rice", 1));
    }

    private static VaultOrder version(UUID orderKey, int minutes, String status, VaultOrder.Product... products) {
        return new VaultOrder(42, orderKey, T0.plusMinutes(minutes), T0.plusMinutes(minutes).plusSeconds(5), status,
                USER, List.of(products));
    }

    private static VaultOrder.Product product(String name, String category) {
        return new VaultOrder.Product(UUID.nameUUIDFromBytes(name.getBytes()), name,
                UUID.nameUUIDFromBytes(category.getBytes()), category);
    }
}
