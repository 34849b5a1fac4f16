package io.orderpipeline.dds.messaging;

import io.orderpipeline.dds.VaultTables;
import io.orderpipeline.shared.deadletter.DeadLetterHeaders;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Enriched;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Row;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static io.orderpipeline.dds.messaging.VaultTopics.DEAD_LETTERS;
import static io.orderpipeline.dds.messaging.VaultTopics.INPUT;
import static io.orderpipeline.shared.vault.DataVaultKeys.hashdiff;
import static io.orderpipeline.shared.vault.DataVaultKeys.hubKey;
import static io.orderpipeline.shared.vault.DataVaultKeys.linkKey;
import static io.orderpipeline.testsupport.orders.TestOrders.Enriched.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Enriched orders in, vault rows and vault orders out, on a real broker and database. Every test uses
 * ids of its own, so that it reads only its own rows whatever ran before.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class EnrichedOrderProcessorTest {

    VaultTopics topics;
    Warehouse tables;

    @BeforeEach
    void connect() {
        topics = new VaultTopics(DevstackResource.devstack().kafka());
        tables = Warehouse.of(DevstackResource.devstack().postgres());
    }

    @AfterEach
    void disconnect() {
        topics.close();
    }

    @Test
    void aKnownOrderYieldsExactlyItsHubLinkAndSatelliteRows() {
        Ids ids = new Ids();
        EnrichedOrder.Product roll = Enriched.product(ids.of("roll"), "Ролл с тофу", ids.of("Роллы"));
        EnrichedOrder.Product tea = Enriched.product(ids.of("tea"), "Чай", ids.of("Напитки"));
        EnrichedOrder order = Enriched.order(ids.order, T, "CLOSED", ids.user("Иванов Иван", "ivanov"),
                ids.restaurant("Кофейня"), List.of(roll, tea, roll));

        topics.send(order);
        ConsumerRecord<String, byte[]> published = topics.awaitPublished(order, 1).get(0);

        String orderId = Long.toString(ids.order);
        UUID orderKey = hubKey(orderId);
        UUID userKey = hubKey(ids.of("user"));
        UUID restaurantKey = hubKey(ids.of("restaurant"));
        UUID rollKey = hubKey(roll.id());
        UUID teaKey = hubKey(tea.id());

        assertThat(published.key()).isEqualTo(userKey.toString());
        VaultOrder vaultOrder = MessageCodec.decodeVaultOrder(published.value());
        assertThat(vaultOrder).isEqualTo(new VaultOrder(ids.order, orderKey, T, T.plusSeconds(25), "CLOSED", userKey,
                List.of(new VaultOrder.Product(rollKey, "Ролл с тофу", hubKey(roll.category()), roll.category()),
                        new VaultOrder.Product(teaKey, "Чай", hubKey(tea.category()), tea.category()))));

        assertThat(tables.rows("SELECT order_id, order_dt, load_src FROM dds.h_order WHERE h_order_pk = ?", orderKey))
                .extracting(row -> row.getLong(0), row -> row.getLocalDateTime(1), row -> row.getString(2))
                .containsExactly(tuple(ids.order, T, INPUT));
        assertThat(businessKey("h_user", "h_user_pk", "user_id", userKey)).isEqualTo(ids.of("user"));
        assertThat(businessKey("h_restaurant", "h_restaurant_pk", "restaurant_id", restaurantKey))
                .isEqualTo(ids.of("restaurant"));
        assertThat(businessKey("h_product", "h_product_pk", "product_id", rollKey)).isEqualTo(roll.id());
        assertThat(businessKey("h_category", "h_category_pk", "category_name", hubKey(tea.category())))
                .isEqualTo(tea.category());

        assertThat(links("SELECT hk_order_product_pk, h_order_pk, h_product_pk FROM dds.l_order_product"
                + " WHERE h_order_pk = ?", orderKey)).containsExactlyInAnyOrder(
                tuple(linkKey(orderId, roll.id()), orderKey, rollKey),
                tuple(linkKey(orderId, tea.id()), orderKey, teaKey));
        assertThat(links("SELECT hk_order_user_pk, h_order_pk, h_user_pk FROM dds.l_order_user WHERE h_order_pk = ?",
                orderKey)).containsExactly(tuple(linkKey(orderId, ids.of("user")), orderKey, userKey));
        assertThat(links("SELECT hk_product_restaurant_pk, h_product_pk, h_restaurant_pk FROM dds.l_product_restaurant"
                + " WHERE h_restaurant_pk = ?", restaurantKey)).containsExactlyInAnyOrder(
                tuple(linkKey(roll.id(), ids.of("restaurant")), rollKey, restaurantKey),
                tuple(linkKey(tea.id(), ids.of("restaurant")), teaKey, restaurantKey));
        assertThat(links("SELECT hk_product_category_pk, h_product_pk, h_category_pk FROM dds.l_product_category"
                + " WHERE h_product_pk = ANY(?)", (Object) new UUID[] {rollKey, teaKey})).containsExactlyInAnyOrder(
                tuple(linkKey(roll.id(), roll.category()), rollKey, hubKey(roll.category())),
                tuple(linkKey(tea.id(), tea.category()), teaKey, hubKey(tea.category())));

        assertThat(tables.rows("SELECT username, userlogin, hashdiff, load_dt, load_src FROM dds.s_user_names"
                + " WHERE h_user_pk = ?", userKey))
                .extracting(row -> row.getString(0), row -> row.getString(1), row -> row.getUUID(2),
                        row -> row.getLocalDateTime(3), row -> row.getString(4))
                .containsExactly(tuple("Иванов Иван", "ivanov", hashdiff("Иванов Иван", "ivanov"), T, INPUT));
        assertThat(tables.rows("SELECT h_product_pk, name, hashdiff FROM dds.s_product_names WHERE h_product_pk = ANY(?)",
                (Object) new UUID[] {rollKey, teaKey}))
                .extracting(row -> row.getUUID(0), row -> row.getString(1), row -> row.getUUID(2))
                .containsExactlyInAnyOrder(tuple(rollKey, "Ролл с тофу", hashdiff("Ролл с тофу")),
                        tuple(teaKey, "Чай", hashdiff("Чай")));
        assertThat(tables.rows("SELECT name, load_dt FROM dds.s_restaurant_names WHERE h_restaurant_pk = ?",
                restaurantKey)).extracting(row -> row.getString(0), row -> row.getLocalDateTime(1))
                .containsExactly(tuple("Кофейня", T));
        assertThat(tables.rows("SELECT cost::text, payment::text, hashdiff FROM dds.s_order_cost WHERE h_order_pk = ?",
                orderKey)).extracting(row -> row.getString(0), row -> row.getString(1), row -> row.getUUID(2))
                .containsExactly(tuple("540.00000", "540.00000", hashdiff(order.payload().cost(), order.payload().payment())));
        assertThat(statuses(orderKey)).containsExactly(entry(T.toString(), "CLOSED"));
    }

    @Test
    void everyStoredKeyIsTheMd5OfItsStandardisedBusinessKeysAsPostgresComputesIt() {
        Ids ids = new Ids();
        EnrichedOrder order = Enriched.order(ids.order, T, "CLOSED", ids.user(" Мixed Case ", "mixed"),
                ids.restaurant("Пекарня"), List.of(Enriched.product(ids.of(" Spaced-Product "), "Хлеб", ids.of("Хлеб"))));
        topics.send(order);
        topics.awaitPublished(order, 1);

        String standardised = "md5(upper(trim(%s)))::uuid";
        for (String[] hub : new String[][] {{"h_user", "h_user_pk", "user_id"}, {"h_product", "h_product_pk", "product_id"},
                {"h_category", "h_category_pk", "category_name"}, {"h_restaurant", "h_restaurant_pk", "restaurant_id"},
                {"h_order", "h_order_pk", "order_id::text"}}) {
            assertThat(tables.number("SELECT count(*) FROM dds.%s WHERE %s <> %s"
                    .formatted(hub[0], hub[1], standardised.formatted(hub[2])))).as(hub[0]).isZero();
        }
        assertThat(tables.number("""
                SELECT count(*) FROM dds.l_order_product l
                  JOIN dds.h_order o USING (h_order_pk) JOIN dds.h_product p USING (h_product_pk)
                 WHERE l.hk_order_product_pk <> md5(o.order_id::text || '||' || upper(trim(p.product_id)))::uuid
                """)).isZero();
        assertThat(tables.number("""
                SELECT count(*) FROM dds.l_product_category l
                  JOIN dds.h_product p USING (h_product_pk) JOIN dds.h_category c USING (h_category_pk)
                 WHERE l.hk_product_category_pk
                       <> md5(upper(trim(p.product_id)) || '||' || upper(trim(c.category_name)))::uuid
                """)).isZero();
        assertThat(tables.number("SELECT count(*) FROM dds.h_order")).isPositive();
    }

    @Test
    void aReplayOfTheSameBatchAddsNoRowButIsPublishedAgain() {
        Ids ids = new Ids();
        EnrichedOrder first = Enriched.order(ids.order, T, "CLOSED", ids.user("Пётр", "petr"),
                ids.restaurant("Суши"), List.of(Enriched.product(ids.of("maki"), "Маки", ids.of("Роллы"))));
        EnrichedOrder second = Enriched.order(ids.order + 1, T.plusMinutes(1), "OPEN", ids.user("Пётр", "petr"),
                ids.restaurant("Суши"), List.of(Enriched.product(ids.of("maki"), "Маки", ids.of("Роллы"))));
        topics.send(first, second);
        topics.awaitPublished(second, 1);
        long rows = tables.number(VaultTables.ALL_ROWS);

        topics.send(first, second);
        topics.awaitPublished(first, 2);
        topics.awaitPublished(second, 2);

        assertThat(tables.number(VaultTables.ALL_ROWS)).isEqualTo(rows);
    }

    @Test
    void aStatusChangeAddsExactlyOneStatusRowAndMakesItCurrent() {
        Ids ids = new Ids();
        EnrichedOrder open = Enriched.order(ids.order, T.plusMinutes(1), "OPEN", ids.user("Анна", "anna"),
                ids.restaurant("Бистро"), List.of(Enriched.product(ids.of("soup"), "Борщ", ids.of("Супы"))));
        EnrichedOrder closed = withStatus(open, T.plusMinutes(2), "CLOSED");
        UUID orderKey = hubKey(Long.toString(ids.order));

        topics.send(open);
        topics.awaitPublished(open, 1);
        long rows = tables.number(VaultTables.ALL_ROWS);
        topics.send(closed);
        topics.awaitPublished(closed, 1);

        assertThat(tables.number(VaultTables.ALL_ROWS)).isEqualTo(rows + 1);
        assertThat(statuses(orderKey)).containsExactly(
                entry(T.plusMinutes(1).toString(), "OPEN"), entry(T.plusMinutes(2).toString(), "CLOSED"));
        assertThat(tables.rows("SELECT status FROM dds.v_order_status_current WHERE h_order_pk = ?", orderKey))
                .extracting(row -> row.getString(0)).containsExactly("CLOSED");
        assertThat(tables.rows("SELECT order_id, status, cost::text, user_id, username, restaurant_id, restaurant_name"
                + " FROM dds.v_order_current WHERE h_order_pk = ?", orderKey))
                .extracting(row -> row.getLong(0), row -> row.getString(1), row -> row.getString(2),
                        row -> row.getString(3), row -> row.getString(4), row -> row.getString(5), row -> row.getString(6))
                .containsExactly(tuple(ids.order, "CLOSED", "180.00000", ids.of("user"), "Анна", ids.of("restaurant"),
                        "Бистро"));
    }

    @Test
    void anOlderVersionArrivingAfterANewerOneChangesNothingCurrent() {
        Ids ids = new Ids();
        EnrichedOrder newer = Enriched.order(ids.order, T.plusMinutes(3), "CLOSED", ids.user("Новое Имя", "new"),
                ids.restaurant("Пиццерия"), List.of(Enriched.product(ids.of("pizza"), "Пицца", ids.of("Пицца"))));
        EnrichedOrder older = Enriched.order(ids.order, T.plusMinutes(1), "OPEN", ids.user("Старое Имя", "old"),
                ids.restaurant("Пиццерия"), List.of(Enriched.product(ids.of("pizza"), "Пицца", ids.of("Пицца"))));
        UUID orderKey = hubKey(Long.toString(ids.order));

        topics.send(newer);
        topics.awaitPublished(newer, 1);
        long rows = tables.number(VaultTables.ALL_ROWS);
        topics.send(older);
        topics.awaitPublished(older, 1); // dds publishes it; cdm decides by version

        assertThat(tables.number(VaultTables.ALL_ROWS)).isEqualTo(rows);
        assertThat(statuses(orderKey)).containsExactly(entry(T.plusMinutes(3).toString(), "CLOSED"));
        assertThat(tables.rows("SELECT status, username, userlogin FROM dds.v_order_current WHERE h_order_pk = ?",
                orderKey)).extracting(row -> row.getString(0), row -> row.getString(1), row -> row.getString(2))
                .containsExactly(tuple("CLOSED", "Новое Имя", "new"));
    }

    @Test
    void namesWithQuotesBackslashesEmojiAndSqlAreStoredAndPublishedVerbatim() {
        Ids ids = new Ids();
        String username = "O'Brien \"Bob\" \\ \\\\n 🍕👩‍👩‍👧 '); DROP TABLE x; --";
        String login = "l'o\\gin?--";
        String restaurant = "Ресторан \"Ёлка\" 😀 '); DROP TABLE dds.h_user; --";
        String product = "Пицца 'Маргарита' \\N NULL %s ?";
        String category = ids.of("Напитки 🍺 ' OR '1'='1");
        EnrichedOrder order = Enriched.order(ids.order, T, "CLOSED", ids.user(username, login),
                ids.restaurant(restaurant), List.of(Enriched.product(ids.of("p'; --"), product, category)));

        topics.send(order);
        VaultOrder published = MessageCodec.decodeVaultOrder(topics.awaitPublished(order, 1).get(0).value());

        assertThat(published.products()).extracting(VaultOrder.Product::productName, VaultOrder.Product::categoryName)
                .containsExactly(tuple(product, category));
        assertThat(tables.rows("SELECT username, userlogin FROM dds.s_user_names WHERE h_user_pk = ?",
                hubKey(ids.of("user")))).extracting(row -> row.getString(0), row -> row.getString(1))
                .containsExactly(tuple(username, login));
        assertThat(tables.rows("SELECT name FROM dds.s_restaurant_names WHERE h_restaurant_pk = ?",
                hubKey(ids.of("restaurant")))).extracting(row -> row.getString(0)).containsExactly(restaurant);
        assertThat(tables.rows("SELECT name FROM dds.s_product_names WHERE h_product_pk = ?", hubKey(ids.of("p'; --"))))
                .extracting(row -> row.getString(0)).containsExactly(product);
        assertThat(tables.rows("SELECT category_name FROM dds.h_category WHERE h_category_pk = ?", hubKey(category)))
                .extracting(row -> row.getString(0)).containsExactly(category);
    }

    @Test
    void deadLettersPoisonWithTheFieldNamedAndPublishesTheGoodOrdersOfTheBatch() {
        Ids ids = new Ids();
        EnrichedOrder good = Enriched.order(ids.order, T, "CLOSED", ids.user("Добрый", "good"),
                ids.restaurant("Столовая"), List.of(Enriched.product(ids.of("tea"), "Чай", ids.of("Напитки"))));
        EnrichedOrder alsoGood = Enriched.order(ids.order + 1, T, "OPEN", ids.user("Добрый", "good"),
                ids.restaurant("Столовая"), List.of(Enriched.product(ids.of("tea"), "Чай", ids.of("Напитки"))));
        String json = new String(Enriched.json(Enriched.order(ids.order + 2, T, "CLOSED",
                ids.user("Плохой", "bad-" + ids.order), ids.restaurant("Столовая"),
                List.of(Enriched.product(ids.of("tea"), "Чай", ids.of("Напитки"))))), StandardCharsets.UTF_8);
        Map<String, String> poison = new LinkedHashMap<>();
        poison.put("{\"object_id\": " + ids.order + ", \"object_type\": \"order\", \"poison\": ", "malformed JSON");
        poison.put(json.replace("\"login\":\"bad-" + ids.order + "\"", "\"nick\":\"bad\""),
                "field 'payload.user.login': is missing");
        poison.put(json.replace("\"cost\":", "\"cost\":\"a lot\",\"was\":"), "field 'payload.cost': must be a number");
        poison.put(json.replace("\"category\":", "\"genre\":"), "field 'payload.products[0].category': is missing");
        poison.put(json.replace("\"update_ts\":\"", "\"update_ts\":\"yesterday\",\"was\":\""),
                "field 'payload.update_ts': must be a timestamp");

        List<byte[]> batch = new ArrayList<>();
        batch.add(Enriched.json(good));
        poison.keySet().forEach(text -> batch.add(text.getBytes(StandardCharsets.UTF_8)));
        batch.add(Enriched.json(alsoGood));
        topics.topics().send(INPUT, Long.toString(ids.order), batch.toArray(byte[][]::new));

        topics.awaitPublished(good, 1);
        topics.awaitPublished(alsoGood, 1);
        List<ConsumerRecord<String, byte[]>> deadLetters = topics.topics().await(DEAD_LETTERS,
                record -> poison.containsKey(new String(record.value(), StandardCharsets.UTF_8)), poison.size());
        Map<String, String> reasons = deadLetters.stream().collect(Collectors.toMap(
                record -> new String(record.value(), StandardCharsets.UTF_8),
                record -> Topics.header(record, DeadLetterHeaders.REASON)));
        poison.forEach((message, reason) -> assertThat(reasons.get(message)).contains(reason));
        assertThat(deadLetters).allSatisfy(record -> {
            assertThat(Topics.header(record, DeadLetterHeaders.TOPIC)).isEqualTo(INPUT);
            assertThat(Topics.header(record, DeadLetterHeaders.CAUSE)).isEqualTo("INVALID_MESSAGE");
            assertThat(record.key()).isEqualTo(Long.toString(ids.order));
        });
        assertThat(tables.number("SELECT count(*) FROM dds.h_order WHERE order_id = ?", ids.order + 2)).isZero();
    }

    @Test
    void deadLettersAnObjectThatIsNotAnOrderForStgPublishesOrdersOnly() {
        Ids ids = new Ids();
        EnrichedOrder order = Enriched.sample(ids.order);
        EnrichedOrder notAnOrder = new EnrichedOrder(ids.order + 1, "user", order.sentDttm(), order.payload());
        EnrichedOrder sentinel = Enriched.sample(ids.order + 2);

        topics.send(notAnOrder, sentinel);

        topics.awaitPublished(sentinel, 1);
        ConsumerRecord<String, byte[]> deadLetter = topics.topics().awaitOne(DEAD_LETTERS,
                record -> Long.toString(ids.order + 1).equals(record.key()));
        assertThat(Topics.header(deadLetter, DeadLetterHeaders.REASON)).isEqualTo("field 'object_type': must be 'order'");
        assertThat(topics.topics().readAll(VaultTopics.OUTPUT))
                .noneMatch(record -> MessageCodec.decodeVaultOrder(record.value()).orderId() == ids.order + 1);
        assertThat(tables.number("SELECT count(*) FROM dds.h_order WHERE order_id = ?", ids.order + 1)).isZero();
    }

    // ---- helpers ----

    /** Ids of one test: an order id of its own, and user, restaurant, product and category ids derived from it. */
    static final class Ids {
        final long order = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);

        String of(String name) {
            return name + "-" + order;
        }

        EnrichedOrder.User user(String name, String login) {
            return new EnrichedOrder.User(of("user"), name, login);
        }

        EnrichedOrder.Restaurant restaurant(String name) {
            return new EnrichedOrder.Restaurant(of("restaurant"), name);
        }
    }

    static EnrichedOrder withStatus(EnrichedOrder order, LocalDateTime updateTs, String status) {
        EnrichedOrder.Payload payload = order.payload();
        return Enriched.order(order.objectId(), updateTs, status, payload.user(), payload.restaurant(),
                payload.products());
    }

    String businessKey(String table, String keyColumn, String businessKeyColumn, UUID key) {
        List<Row> rows = tables.rows("SELECT %s FROM dds.%s WHERE %s = ?".formatted(businessKeyColumn, table, keyColumn),
                key);
        assertThat(rows).as(table).hasSize(1);
        return rows.get(0).getString(0);
    }

    List<Tuple> links(String sql, Object... parameters) {
        return tables.rows(sql, parameters).stream()
                .map(row -> tuple(row.getUUID(0), row.getUUID(1), row.getUUID(2))).toList();
    }

    /** The order's status history: load_dt → status, oldest first. */
    Map<String, String> statuses(UUID orderKey) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (Row row : tables.rows("SELECT load_dt, status FROM dds.s_order_status WHERE h_order_pk = ? ORDER BY load_dt",
                orderKey)) {
            statuses.put(row.getLocalDateTime(0).toString(), row.getString(1));
        }
        return statuses;
    }
}
