package io.orderpipeline.cdm.mart;

import io.orderpipeline.cdm.persistence.ConcurrentStateChangeException;
import io.orderpipeline.cdm.persistence.OrderStateRepository;
import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.testsupport.oracle.ExpectedMarts;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch transaction against the real database, with batches composed to hit each statement's edge. */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class MartMaintenanceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final LocalDateTime T = LocalDateTime.of(2023, 4, 1, 12, 0);
    private static final UUID MAINS = UUID.randomUUID();
    private static final VaultOrder.Product RICE = new VaultOrder.Product(UUID.randomUUID(), "Рис", MAINS, "Горячее");
    private static final String PRODUCTS = "SELECT product_name, order_cnt FROM cdm.user_product_counters WHERE user_id = ?";
    private static final String CATEGORIES =
            "SELECT category_name, order_cnt FROM cdm.user_category_counters WHERE user_id = ?";

    @Inject
    MartMaintenance marts;
    @Inject
    Pool database;

    final UUID user = UUID.randomUUID();
    final Warehouse warehouse = Warehouse.of(DevstackResource.devstack().postgres());

    @Test
    void aRowThatLosesMoreOrdersThanItGainsInOneBatchShrinksAndTakesTheNewName() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        apply(version(first, 1, "CLOSED", RICE), version(second, 1, "CLOSED", RICE));
        assertThat(counts(PRODUCTS)).containsExactly("Рис=2");

        VaultOrder.Product renamed = new VaultOrder.Product(RICE.productKey(), "Рис с лимоном", MAINS, "Горячее блюдо");
        apply(version(first, 2, "CANCELLED", RICE), version(second, 2, "CANCELLED", RICE),
                version(UUID.randomUUID(), 2, "CLOSED", renamed));

        assertThat(counts(PRODUCTS)).containsExactly("Рис с лимоном=1");
        assertThat(counts(CATEGORIES)).containsExactly("Горячее блюдо=1");
    }

    @Test
    void aRowThatLosesItsLastOrderIsDeleted() {
        UUID order = UUID.randomUUID();
        apply(version(order, 1, "CLOSED", RICE));

        apply(version(order, 2, "OPEN", RICE));

        assertThat(counts(PRODUCTS)).isEmpty();
        assertThat(counts(CATEGORIES)).isEmpty();
    }

    @Test
    void anOrderStoredByAnotherTransactionMeanwhileFailsTheBatchForARetryInsteadOfCountingTwice() {
        UUID order = UUID.randomUUID();
        SqlConnection other = database.getConnection().await().atMost(WAIT);
        try {
            Transaction transaction = other.begin().await().atMost(WAIT);
            other.preparedQuery(OrderStateRepository.INSERT_NEW_STATES).execute(Tuple.tuple()
                    .addArrayOfUUID(new UUID[] {order}).addArrayOfUUID(new UUID[] {user})
                    .addArrayOfLocalDateTime(new LocalDateTime[] {T}).addArrayOfLocalDateTime(new LocalDateTime[] {T})
                    .addArrayOfString(new String[] {"CLOSED"}).addArrayOfString(new String[] {"{}"})
                    .addArrayOfString(new String[] {"{}"}).addArrayOfString(new String[] {"{}"})
                    .addArrayOfString(new String[] {"{}"})).await().atMost(WAIT);

            // Finds no state, so computes the order as new; its insert then waits for the other transaction.
            CompletableFuture<?> batch = marts.update(List.of(version(order, 1, "CLOSED", RICE)))
                    .subscribeAsCompletionStage();
            Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(500)).await().atMost(WAIT);
            assertThat(batch).isNotDone();
            transaction.commit().await().atMost(WAIT);

            assertThatThrownBy(batch::get).hasCauseInstanceOf(ConcurrentStateChangeException.class);
        } finally {
            other.close().await().atMost(WAIT);
        }
        assertThat(counts(PRODUCTS)).isEmpty();
    }

    /**
     * Two instances applying batches of the same user at once, as during a rebalance, each growing one counter row
     * and shrinking the other, the other way round from each other: without the user locks, each transaction's upsert
     * and update take the two rows in opposite orders and PostgreSQL kills one as a deadlock (40P01). With them, one
     * waits for the other, every round, and the marts come out as the versions say.
     */
    @Test
    void twoTransactionsOnTheSameUsersRowsInOppositeOrdersWaitForEachOtherInsteadOfDeadlocking() {
        VaultOrder.Product soup = new VaultOrder.Product(UUID.randomUUID(), "Суп", UUID.randomUUID(), "Супы");
        List<VaultOrder> applied = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            VaultOrder withRice = version(UUID.randomUUID(), 1, "CLOSED", RICE);
            VaultOrder withSoup = version(UUID.randomUUID(), 1, "CLOSED", soup);
            apply(withRice, withSoup);
            applied.addAll(List.of(withRice, withSoup));

            // One grows rice and shrinks soup; the other grows soup and shrinks rice.
            List<VaultOrder> first = List.of(version(UUID.randomUUID(), 2, "CLOSED", RICE),
                    version(withSoup.orderKey(), 2, "CANCELLED", soup));
            List<VaultOrder> second = List.of(version(UUID.randomUUID(), 2, "CLOSED", soup),
                    version(withRice.orderKey(), 2, "CANCELLED", RICE));
            CompletableFuture<MartUpdate> one = marts.update(first).subscribeAsCompletionStage();
            CompletableFuture<MartUpdate> other = marts.update(second).subscribeAsCompletionStage();

            assertThat(one).as("round %d, first", round).succeedsWithin(WAIT);
            assertThat(other).as("round %d, second", round).succeedsWithin(WAIT);
            applied.addAll(first);
            applied.addAll(second);
        }
        ExpectedMarts expected = ExpectedMarts.of(applied);
        assertThat(warehouse.productCounters(List.of(user))).isEqualTo(expected.productCounters());
        assertThat(warehouse.categoryCounters(List.of(user))).isEqualTo(expected.categoryCounters());
    }

    @Test
    void theStateKeepsEachNameAsItCameWhateverCharactersItHas() {
        UUID order = UUID.randomUUID();
        String awkward = "Tea \"green\", {large} \\ NULL";
        VaultOrder.Product tea = new VaultOrder.Product(UUID.randomUUID(), awkward, UUID.randomUUID(), "NULL");

        apply(version(order, 1, "OPEN", RICE, tea));

        assertThat(warehouse.rows("SELECT array_to_json(product_names)::text AS products, "
                + "array_to_json(category_names)::text AS categories "
                + "FROM cdm.order_state WHERE order_id = ?", order))
                .singleElement().satisfies(row -> {
                    assertThat(row.getString(0)).isEqualTo("[\"Рис\",\"Tea \\\"green\\\", {large} \\\\ NULL\"]");
                    assertThat(row.getString(1)).isEqualTo("[\"Горячее\",\"NULL\"]");
                });
    }

    private void apply(VaultOrder... orders) {
        marts.update(List.of(orders)).await().atMost(WAIT);
    }

    private VaultOrder version(UUID order, int minute, String status, VaultOrder.Product... products) {
        LocalDateTime updateTs = T.plusMinutes(minute);
        return new VaultOrder(1, order, updateTs, updateTs, status, user, List.of(products));
    }

    /** Each row of this test's user as {@code name=order_cnt}. */
    private List<String> counts(String sql) {
        return warehouse.rows(sql, user).stream().map(row -> row.getString(0) + "=" + row.getLong(1)).toList();
    }
}
