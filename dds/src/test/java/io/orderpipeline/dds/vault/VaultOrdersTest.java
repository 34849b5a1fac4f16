package io.orderpipeline.dds.vault;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.testsupport.orders.TestOrders.Enriched;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.orderpipeline.dds.vault.VaultRowsTest.CATEGORY;
import static io.orderpipeline.dds.vault.VaultRowsTest.ORDER_322519;
import static io.orderpipeline.dds.vault.VaultRowsTest.PRODUCT;
import static io.orderpipeline.dds.vault.VaultRowsTest.USER;
import static io.orderpipeline.testsupport.orders.TestOrders.Enriched.T;
import static org.assertj.core.api.Assertions.assertThat;

class VaultOrdersTest {

    @Test
    void carriesTheOrderVersionWithHubKeysAndIsKeyedByTheUserHubKey() {
        EnrichedOrder order = Enriched.sample(322519);

        VaultOrder published = VaultOrders.of(order);

        assertThat(published).isEqualTo(new VaultOrder(322519, ORDER_322519, T, T.plusSeconds(25), "CLOSED", USER,
                List.of(new VaultOrder.Product(PRODUCT, "РОЛЛ С ТОФУ", CATEGORY, "Выпечка"))));
        assertThat(published.kafkaKey()).isEqualTo("1bd3e86f-0975-cf5f-4cf5-fa491aa5bc02");
    }

    @Test
    void listsEachProductOnceHoweverManyLinesNameIt() {
        EnrichedOrder.Product tea = Enriched.product("6276e8cd0cf48b4cded0087a", "Чай", "Напитки");
        EnrichedOrder order = Enriched.order(7, T, "CLOSED", Enriched.USER, Enriched.RESTAURANT,
                List.of(Enriched.ROLL, tea, Enriched.ROLL));

        assertThat(VaultOrders.of(order).products()).extracting(VaultOrder.Product::productName)
                .containsExactly("РОЛЛ С ТОФУ", "Чай");
    }
}
