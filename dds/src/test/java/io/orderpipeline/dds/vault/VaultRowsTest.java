package io.orderpipeline.dds.vault;

import io.orderpipeline.dds.vault.VaultRows.Hub;
import io.orderpipeline.dds.vault.VaultRows.Link;
import io.orderpipeline.dds.vault.VaultRows.Name;
import io.orderpipeline.dds.vault.VaultRows.OrderCost;
import io.orderpipeline.dds.vault.VaultRows.OrderHub;
import io.orderpipeline.dds.vault.VaultRows.OrderStatus;
import io.orderpipeline.dds.vault.VaultRows.UserNames;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.testsupport.orders.TestOrders.Enriched;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static io.orderpipeline.testsupport.orders.TestOrders.Enriched.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Expected keys computed independently, over the upper-cased trimmed business keys:
 * {@code uuid.UUID(bytes=hashlib.md5(text.encode()).digest())}.
 */
class VaultRowsTest {

    static final UUID ORDER_322519 = UUID.fromString("bf2e894c-5be1-bd3a-60cc-4d4a07f50fa9");
    static final UUID USER = UUID.fromString("1bd3e86f-0975-cf5f-4cf5-fa491aa5bc02");
    static final UUID RESTAURANT = UUID.fromString("1781fe8f-19a0-11f4-3b17-9296703ba6a1");
    static final UUID PRODUCT = UUID.fromString("885366c0-b02c-b670-d788-e10179a1cd01");
    /** md5("ВЫПЕЧКА"): a category's business key is its name. */
    static final UUID CATEGORY = UUID.fromString("5a6b53eb-2cd8-f411-ea2a-8fd56f1b9c62");

    @Test
    void theSampleOrderYieldsOneRowPerHubLinkAndSatellite() {
        VaultRows rows = VaultRows.of(List.of(Enriched.sample(322519)));

        assertThat(rows.users()).containsExactly(new Hub(USER, Enriched.USER_ID));
        assertThat(rows.restaurants()).containsExactly(new Hub(RESTAURANT, Enriched.RESTAURANT_ID));
        assertThat(rows.products()).containsExactly(new Hub(PRODUCT, Enriched.PRODUCT_ID));
        assertThat(rows.categories()).containsExactly(new Hub(CATEGORY, "Выпечка"));
        assertThat(rows.orders()).containsExactly(new OrderHub(ORDER_322519, 322519, T));

        // md5 of "322519||6276E8CD0CF48B4CDED00878", and so on, in the order of each link's name
        assertThat(rows.orderProducts()).containsExactly(
                new Link(UUID.fromString("9b843b7f-28f8-df7d-17f4-91360abc4a35"), ORDER_322519, PRODUCT));
        assertThat(rows.productRestaurants()).containsExactly(
                new Link(UUID.fromString("7ea84577-8e4d-c79d-362c-b4033a04a14f"), PRODUCT, RESTAURANT));
        assertThat(rows.productCategories()).containsExactly(
                new Link(UUID.fromString("ee33ef0b-fea3-9fbf-2cdc-bd26c53203f3"), PRODUCT, CATEGORY));
        assertThat(rows.orderUsers()).containsExactly(
                new Link(UUID.fromString("24ecb278-87db-6371-27bd-2eb38300f1f3"), ORDER_322519, USER));

        // hashdiffs: md5 of the attributes joined with "||", case kept; load_dt is the order's update_ts
        assertThat(rows.userNames()).containsExactly(new UserNames(USER, "Котова Ольга Вениаминовна", "kotova_1",
                UUID.fromString("16679500-630a-c4a0-c920-5b622a5c7776"), T));
        assertThat(rows.restaurantNames()).containsExactly(
                new Name(RESTAURANT, "Кофейня №1", UUID.fromString("2bf58be8-4aec-aa9e-b592-3ab988b4dde2"), T));
        assertThat(rows.productNames()).containsExactly(
                new Name(PRODUCT, "РОЛЛ С ТОФУ", UUID.fromString("1ddb3355-0972-b1f8-8d99-e5f0324c08ff"), T));
        assertThat(rows.orderCosts()).singleElement().satisfies(cost -> {
            assertThat(cost.orderKey()).isEqualTo(ORDER_322519);
            assertThat(cost.cost()).isEqualByComparingTo("180");
            assertThat(cost.payment()).isEqualByComparingTo("180");
            assertThat(cost.hashdiff()).isEqualTo(UUID.fromString("f3402b29-e8bd-546c-17f8-9ecfe6c6a5f3"));
            assertThat(cost.loadDt()).isEqualTo(T);
        });
        assertThat(rows.orderStatuses()).containsExactly(
                new OrderStatus(ORDER_322519, "CLOSED", UUID.fromString("110ccf2f-5d2f-f4ed-a1fd-1a494293467d"), T));
    }

    @Test
    void aProductOnTwoLinesOfAnOrderIsOneHubOneLinkOneName() {
        EnrichedOrder order = Enriched.order(1, T, "CLOSED", Enriched.USER, Enriched.RESTAURANT,
                List.of(Enriched.ROLL, Enriched.ROLL,
                        Enriched.product(Enriched.PRODUCT_ID.toUpperCase(), "РОЛЛ С ТОФУ", "Выпечка")));

        VaultRows rows = VaultRows.of(List.of(order));

        assertThat(rows.products()).hasSize(1);
        assertThat(rows.orderProducts()).hasSize(1);
        assertThat(rows.productRestaurants()).hasSize(1);
        assertThat(rows.productCategories()).hasSize(1);
        assertThat(rows.productNames()).hasSize(1);
    }

    @Test
    void hubsAndLinksSharedByOrdersOfABatchAreWrittenOnce() {
        EnrichedOrder first = Enriched.sample(322519);
        EnrichedOrder second = Enriched.sample(322520);

        VaultRows rows = VaultRows.of(List.of(first, second));

        assertThat(rows.orders()).extracting(OrderHub::key)
                .containsExactly(ORDER_322519, UUID.fromString("cee5ed7a-513d-0a71-2ff6-fa8dd434bd8a"));
        assertThat(rows.users()).hasSize(1);
        assertThat(rows.products()).hasSize(1);
        assertThat(rows.productRestaurants()).hasSize(1);
        assertThat(rows.orderProducts()).hasSize(2);
        assertThat(rows.orderUsers()).hasSize(2);
        assertThat(rows.orderStatuses()).hasSize(2);
    }

    @Test
    void aUserOrProductInSeveralOrdersGetsTheNamesOfTheNewestOrder() {
        EnrichedOrder.User renamed = new EnrichedOrder.User(Enriched.USER_ID, "Котова О. В.", "kotova_2");
        EnrichedOrder newer = Enriched.order(2, T.plusMinutes(5), "CLOSED", renamed, Enriched.RESTAURANT,
                List.of(Enriched.product(Enriched.PRODUCT_ID, "Ролл с тофу", "Выпечка")));
        EnrichedOrder older = Enriched.order(1, T, "CLOSED", Enriched.USER, Enriched.RESTAURANT,
                List.of(Enriched.ROLL));

        VaultRows rows = VaultRows.of(List.of(newer, older));

        assertThat(rows.userNames()).containsExactly(new UserNames(USER, "Котова О. В.", "kotova_2",
                UUID.fromString("17eb7e70-7874-1e79-5276-bc0a445d3c98"), T.plusMinutes(5)));
        assertThat(rows.productNames()).extracting(Name::name, Name::loadDt)
                .containsExactly(tuple("Ролл с тофу", T.plusMinutes(5)));
        assertThat(rows.orderStatuses()).hasSize(2);
    }

    @Test
    void anOrderWithoutProductsHasNoProductRows() {
        VaultRows rows = VaultRows.of(List.of(
                Enriched.order(3, T, "CANCELLED", Enriched.USER, Enriched.RESTAURANT, List.of())));

        assertThat(rows.products()).isEmpty();
        assertThat(rows.categories()).isEmpty();
        assertThat(rows.orderProducts()).isEmpty();
        assertThat(rows.productNames()).isEmpty();
        assertThat(rows.orderCosts()).extracting(OrderCost::cost).containsExactly(BigDecimal.ZERO);
        assertThat(rows.orderUsers()).hasSize(1);
    }
}
