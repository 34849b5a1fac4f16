package io.orderpipeline.stg.enrichment;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.ReferenceData;
import io.orderpipeline.stg.enrichment.OrderEnricher.MissingReferenceException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderEnricherTest {

    private static final LocalDateTime T = LocalDateTime.of(2023, 4, 1, 20, 45, 43);
    private static final ReferenceData.User USER = new ReferenceData.User("u1", "Котова Ольга", "kotova_1", T);
    private static final ReferenceData.Restaurant RESTAURANT = new ReferenceData.Restaurant("r1", "Кофейня №1",
            List.of(new ReferenceData.MenuItem("m1", "Рис с лимоном", new BigDecimal("175"), "Закуски"),
                    new ReferenceData.MenuItem("m2", "Чай", new BigDecimal("50"), "Напитки")), T);

    @Test
    void takesUserAndRestaurantNamesAndEachItemsCategoryFromTheMenu() {
        EnrichedOrder enriched = OrderEnricher.enrich(order("u1", "r1", "m1", "m2"), snapshot());

        assertThat(enriched.payload().user()).isEqualTo(new EnrichedOrder.User("u1", "Котова Ольга", "kotova_1"));
        assertThat(enriched.payload().restaurant()).isEqualTo(new EnrichedOrder.Restaurant("r1", "Кофейня №1"));
        assertThat(enriched.payload().products()).extracting(EnrichedOrder.Product::category)
                .containsExactly("Закуски", "Напитки");
        assertThat(enriched.payload().status()).isEqualTo("CLOSED");
        assertThat(enriched.payload().id()).isEqualTo(7L);
        assertThat(enriched.kafkaKey()).isEqualTo("7");
    }

    @Test
    void namesWhatIsMissing() {
        assertThatThrownBy(() -> OrderEnricher.enrich(order("u9", "r1", "m1"), snapshot()))
                .isInstanceOf(MissingReferenceException.class).hasMessage("user u9 is not in Redis");
        assertThatThrownBy(() -> OrderEnricher.enrich(order("u1", "r9", "m1"), snapshot()))
                .isInstanceOf(MissingReferenceException.class).hasMessage("restaurant r9 is not in Redis");
        assertThatThrownBy(() -> OrderEnricher.enrich(order("u1", "r1", "m9"), snapshot()))
                .isInstanceOf(MissingReferenceException.class)
                .hasMessage("menu item m9 is not on the menu of restaurant r1");
    }

    @Test
    void anUnreadableRedisValueIsReportedAsSuch() {
        Map<String, byte[]> values = new HashMap<>();
        values.put("u1", "{\"_id\": \"u1\"}".getBytes());
        values.put("r1", MessageCodec.encode(RESTAURANT));

        assertThatThrownBy(() -> OrderEnricher.enrich(order("u1", "r1", "m1"), new ReferenceSnapshot(values)))
                .isInstanceOf(MissingReferenceException.class)
                .hasMessageContaining("user u1 in Redis is unusable: field 'name': is missing");
    }

    private static ReferenceSnapshot snapshot() {
        return new ReferenceSnapshot(Map.of("u1", MessageCodec.encode(USER), "r1", MessageCodec.encode(RESTAURANT)));
    }

    private static OrderEvent order(String userId, String restaurantId, String... itemIds) {
        List<OrderEvent.Item> items = java.util.Arrays.stream(itemIds)
                .map(id -> new OrderEvent.Item(id, "item " + id, BigDecimal.TEN, BigDecimal.ONE))
                .toList();
        return new OrderEvent(7, "order", T, new OrderEvent.Payload(restaurantId, T, userId, items, BigDecimal.ZERO,
                BigDecimal.TEN, BigDecimal.TEN, BigDecimal.ZERO, List.of(), "CLOSED", T), "{}");
    }
}
