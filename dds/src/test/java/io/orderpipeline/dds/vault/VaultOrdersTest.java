package io.orderpipeline.dds.vault;

import io.orderpipeline.dds.TestOrders;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.VaultOrder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.orderpipeline.dds.TestOrders.T;
import static io.orderpipeline.dds.vault.VaultRowsTest.CATEGORY;
import static io.orderpipeline.dds.vault.VaultRowsTest.ORDER_322519;
import static io.orderpipeline.dds.vault.VaultRowsTest.PRODUCT;
import static io.orderpipeline.dds.vault.VaultRowsTest.USER;
import static org.assertj.core.api.Assertions.assertThat;

class VaultOrdersTest {

    @Test
    void carriesTheOrderVersionWithHubKeysAndIsKeyedByTheUserHubKey() {
        EnrichedOrder order = TestOrders.sample(322519);

        VaultOrder published = VaultOrders.of(order);

        assertThat(published).isEqualTo(new VaultOrder(322519, ORDER_322519, T, T.plusSeconds(25), "CLOSED", USER,
                List.of(new VaultOrder.Product(PRODUCT, "РОЛЛ С ТОФУ", CATEGORY, "Выпечка"))));
        assertThat(published.kafkaKey()).isEqualTo("1bd3e86f-0975-cf5f-4cf5-fa491aa5bc02");
    }

    @Test
    void listsEachProductOnceHoweverManyLinesNameIt() {
        EnrichedOrder.Product tea = TestOrders.product("6276e8cd0cf48b4cded0087a", "Чай", "Напитки");
        EnrichedOrder order = TestOrders.order(7, T, "CLOSED", TestOrders.USER, TestOrders.RESTAURANT,
                List.of(TestOrders.ROLL, tea, TestOrders.ROLL));

        assertThat(VaultOrders.of(order).products()).extracting(VaultOrder.Product::productName)
                .containsExactly("РОЛЛ С ТОФУ", "Чай");
    }
}
