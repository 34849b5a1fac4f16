package io.orderpipeline.cdm.persistence;

import io.orderpipeline.cdm.messaging.SharedDevstack;
import io.orderpipeline.shared.message.VaultOrder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
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
@WithTestResource(SharedDevstack.class)
class MartRepositoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final LocalDateTime T = LocalDateTime.of(2023, 4, 1, 12, 0);
    private static final UUID MAINS = UUID.randomUUID();
    private static final VaultOrder.Product RICE = new VaultOrder.Product(UUID.randomUUID(), "Рис", MAINS, "Горячее");

    @Inject
    MartRepository marts;
    @Inject
    Pool database;

    final UUID user = UUID.randomUUID();

    @Test
    void aRowThatLosesMoreOrdersThanItGainsInOneBatchShrinksAndTakesTheNewName() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        marts.applyNewest(List.of(version(first, 1, "CLOSED", RICE), version(second, 1, "CLOSED", RICE)))
                .await().atMost(WAIT);
        assertThat(counts("SELECT product_name, order_cnt FROM cdm.user_product_counters WHERE user_id = $1"))
                .containsExactly("Рис=2");

        VaultOrder.Product renamed = new VaultOrder.Product(RICE.productKey(), "Рис с лимоном", MAINS, "Горячее блюдо");
        marts.applyNewest(List.of(version(first, 2, "CANCELLED", RICE), version(second, 2, "CANCELLED", RICE),
                version(UUID.randomUUID(), 2, "CLOSED", renamed))).await().atMost(WAIT);

        assertThat(counts("SELECT product_name, order_cnt FROM cdm.user_product_counters WHERE user_id = $1"))
                .containsExactly("Рис с лимоном=1");
        assertThat(counts("SELECT category_name, order_cnt FROM cdm.user_category_counters WHERE user_id = $1"))
                .containsExactly("Горячее блюдо=1");
    }

    @Test
    void aRowThatLosesItsLastOrderIsDeleted() {
        UUID order = UUID.randomUUID();
        marts.applyNewest(List.of(version(order, 1, "CLOSED", RICE))).await().atMost(WAIT);

        marts.applyNewest(List.of(version(order, 2, "OPEN", RICE))).await().atMost(WAIT);

        assertThat(counts("SELECT product_name, order_cnt FROM cdm.user_product_counters WHERE user_id = $1")).isEmpty();
        assertThat(counts("SELECT category_name, order_cnt FROM cdm.user_category_counters WHERE user_id = $1")).isEmpty();
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
                    .addArrayOfString(new String[] {"{}"})).await().atMost(WAIT);

            // Finds no state, so computes the order as new; its insert then waits for the other transaction.
            CompletableFuture<?> batch = marts.applyNewest(List.of(version(order, 1, "CLOSED", RICE)))
                    .subscribeAsCompletionStage();
            Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(500)).await().atMost(WAIT);
            assertThat(batch).isNotDone();
            transaction.commit().await().atMost(WAIT);

            assertThatThrownBy(() -> batch.get()).hasCauseInstanceOf(ConcurrentStateChangeException.class);
        } finally {
            other.close().await().atMost(WAIT);
        }
        assertThat(counts("SELECT product_name, order_cnt FROM cdm.user_product_counters WHERE user_id = $1")).isEmpty();
    }

    private VaultOrder version(UUID order, int minute, String status, VaultOrder.Product... products) {
        LocalDateTime updateTs = T.plusMinutes(minute);
        return new VaultOrder(1, order, updateTs, updateTs, status, user, List.of(products));
    }

    /** Each row of this test's user as {@code name=order_cnt}. */
    private List<String> counts(String sql) {
        List<String> rows = new ArrayList<>();
        for (Row row : database.preparedQuery(sql).execute(Tuple.of(user)).await().atMost(WAIT)) {
            rows.add(row.getString(0) + "=" + row.getInteger(1));
        }
        return rows;
    }
}
