package io.orderpipeline.dds.messaging;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Enriched;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Row;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

import static io.orderpipeline.dds.messaging.VaultTopics.INPUT;
import static io.orderpipeline.testsupport.orders.TestOrders.Enriched.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two consumers of one group (SmallRye's {@code partitions=2}: two Kafka consumers in this application) on a
 * three-partition input reach exactly the state that the input implies, which is what one consumer reaches:
 * every order's current status, every user's, product's and restaurant's current name, every hub and link.
 * Users, products and restaurants are shared by orders of all partitions, so both consumers write the same
 * satellites at the same time; versions arrive shuffled, late ones included. The two-process version is
 * the end-to-end suite's.
 */
@QuarkusTest
@TestProfile(TwoConsumersTest.TwoConsumers.class)
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class TwoConsumersTest {

    static final String GROUP = "dds-service-two-consumers";
    static final int ORDERS = 120;
    static final String[] STATUSES = {"OPEN", "COOKING", "DELIVERING", "CLOSED"};

    public static class TwoConsumers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.enriched-orders.partitions", "2",
                    "mp.messaging.incoming.enriched-orders.group.id", GROUP,
                    // small batches, so that the two consumers interleave many transactions
                    "mp.messaging.incoming.enriched-orders.max.poll.records", "20");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ThreePartitionInput.class));
        }
    }

    /** Gives the input topic three partitions before the application subscribes to it. */
    public static class ThreePartitionInput implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try (KafkaCompanion kafka = new KafkaCompanion(DevstackResource.sharedConfig().get("kafka.bootstrap.servers"))) {
                if (!kafka.topics().list().contains(INPUT)) {
                    kafka.topics().createAndWait(INPUT, 3);
                } else if (kafka.topics().describe(INPUT).get(INPUT).partitions().size() < 3) {
                    kafka.getOrCreateAdminClient().createPartitions(Map.of(INPUT, NewPartitions.increaseTo(3))).all()
                            .get();
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("cannot give " + INPUT + " three partitions", e);
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    // A test profile's application: the stack as its configuration gives it (see DevstackResource).
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "pg.user")
    String user;
    @ConfigProperty(name = "pg.password")
    String password;

    @Test
    void twoConsumersOnThreePartitionsReachTheStateTheInputImplies() {
        Random random = new Random(42);
        long firstOrder = 7_000_000_000L + random.nextInt(1_000_000) * 1000L;
        List<EnrichedOrder> versions = versions(firstOrder, random);
        Collections.shuffle(versions, random);
        Expected expected = Expected.of(versions);
        Warehouse tables = new Warehouse(jdbcUrl, user, password);

        try (VaultTopics topics = new VaultTopics(new Topics(bootstrapServers))) {
            assertThat(topics.topics().companion().topics().describe(INPUT).get(INPUT).partitions()).hasSize(3);
            // Both consumers must own partitions before anything is sent, or one may do all the work.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                ConsumerGroupDescription group = topics.topics().companion().consumerGroups().describe(GROUP);
                assertThat(group.members()).as("members of " + GROUP).hasSize(2)
                        .allSatisfy(member -> assertThat(member.assignment().topicPartitions()).isNotEmpty());
            });
            topics.send(versions.toArray(EnrichedOrder[]::new));

            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(Actual.of(tables, firstOrder)).isEqualTo(expected.state()));
        }
        // Nothing but history: each order's status rows are some of its versions, never two of one version.
        assertThat(tables.number("""
                SELECT count(*) FROM (SELECT s.h_order_pk, s.status
                                        FROM dds.s_order_status s JOIN dds.h_order o USING (h_order_pk)
                                       WHERE o.order_id BETWEEN ? AND ?
                                       GROUP BY 1, 2 HAVING count(*) > 1) duplicates
                """, firstOrder, firstOrder + ORDERS)).isZero();
    }

    /**
     * ORDERS orders in one to four versions each, over 7 users and 3 restaurants of 9 menu items each, whose
     * names change over time (a menu item belongs to one restaurant, as upstream).
     */
    private static List<EnrichedOrder> versions(long firstOrder, Random random) {
        List<EnrichedOrder> versions = new ArrayList<>();
        int minute = 0;
        for (int i = 0; i < ORDERS; i++) {
            int user = random.nextInt(7);
            int restaurant = random.nextInt(3);
            List<Integer> products = List.of(random.nextInt(9), random.nextInt(9), random.nextInt(9));
            int count = 1 + random.nextInt(STATUSES.length);
            for (int v = 0; v < count; v++) {
                // update_ts is unique over the whole input, so "the newest name" is well defined
                LocalDateTime updateTs = T.plusMinutes(++minute);
                int revision = minute / 40;
                versions.add(Enriched.order(firstOrder + i, updateTs, STATUSES[v],
                        new EnrichedOrder.User(firstOrder + "-user-" + user, "Пользователь " + user + " v" + revision,
                                "login" + user + "_" + revision),
                        new EnrichedOrder.Restaurant(firstOrder + "-restaurant-" + restaurant,
                                "Ресторан " + restaurant + " v" + revision),
                        products.stream().map(p -> Enriched.product(firstOrder + "-product-" + restaurant + "-" + p,
                                "Блюдо " + p + " v" + revision, firstOrder + "-category-" + p % 4)).toList()));
            }
        }
        return versions;
    }

    /** The oracle: the state of the vault as a function of the input alone. */
    record Expected(Map<String, Object> state) {
        static Expected of(List<EnrichedOrder> versions) {
            Map<Long, EnrichedOrder> newestOrder = new TreeMap<>();
            Map<String, EnrichedOrder> newestForUser = new TreeMap<>();
            Map<String, EnrichedOrder> newestForRestaurant = new TreeMap<>();
            Map<String, String> productName = new TreeMap<>();
            Map<String, LocalDateTime> productNameAt = new HashMap<>();
            Set<String> orderProducts = new TreeSet<>();
            Set<String> productCategories = new TreeSet<>();
            for (EnrichedOrder order : versions) {
                EnrichedOrder.Payload payload = order.payload();
                newestOrder.merge(order.objectId(), order, Expected::newer);
                newestForUser.merge(payload.user().id(), order, Expected::newer);
                newestForRestaurant.merge(payload.restaurant().id(), order, Expected::newer);
                for (EnrichedOrder.Product product : payload.products()) {
                    if (!productNameAt.containsKey(product.id()) || payload.updateTs().isAfter(productNameAt.get(product.id()))) {
                        productNameAt.put(product.id(), payload.updateTs());
                        productName.put(product.id(), product.name());
                    }
                    orderProducts.add(order.objectId() + "|" + product.id());
                    productCategories.add(product.id() + "|" + product.category());
                }
            }
            Map<String, String> orders = new TreeMap<>();
            newestOrder.forEach((id, order) -> {
                EnrichedOrder.Payload payload = order.payload();
                EnrichedOrder.User user = newestForUser.get(payload.user().id()).payload().user();
                orders.put(Long.toString(id), String.join("|", payload.status(), payload.user().id(), user.name(),
                        user.login(), payload.restaurant().id(),
                        newestForRestaurant.get(payload.restaurant().id()).payload().restaurant().name()));
            });
            Map<String, Object> state = new TreeMap<>();
            state.put("orders", orders);
            state.put("product names", productName);
            state.put("order-product links", orderProducts);
            state.put("product-category links", productCategories);
            return new Expected(state);
        }

        private static EnrichedOrder newer(EnrichedOrder a, EnrichedOrder b) {
            return a.version().isNewerThan(b.version()) ? a : b;
        }
    }

    /** The same state read back from the vault's views and links. */
    static final class Actual {
        static Map<String, Object> of(Warehouse tables, long firstOrder) {
            Map<String, String> orders = new TreeMap<>();
            for (Row row : tables.rows("""
                    SELECT order_id, status, user_id, username, userlogin, restaurant_id, restaurant_name
                      FROM dds.v_order_current WHERE order_id BETWEEN ? AND ?
                    """, firstOrder, firstOrder + ORDERS)) {
                orders.put(Long.toString(row.getLong(0)), String.join("|", row.getString(1), row.getString(2),
                        row.getString(3), row.getString(4), row.getString(5), row.getString(6)));
            }
            Map<String, String> productNames = new TreeMap<>();
            for (Row row : tables.rows("""
                    SELECT p.product_id, n.name FROM dds.h_product p JOIN dds.v_product_names_current n USING (h_product_pk)
                     WHERE p.product_id LIKE ?
                    """, firstOrder + "-product-%")) {
                productNames.put(row.getString(0), row.getString(1));
            }
            Set<String> orderProducts = new TreeSet<>();
            for (Row row : tables.rows("""
                    SELECT o.order_id, p.product_id FROM dds.l_order_product l
                      JOIN dds.h_order o USING (h_order_pk) JOIN dds.h_product p USING (h_product_pk)
                     WHERE o.order_id BETWEEN ? AND ?
                    """, firstOrder, firstOrder + ORDERS)) {
                orderProducts.add(row.getLong(0) + "|" + row.getString(1));
            }
            Set<String> productCategories = new TreeSet<>();
            for (Row row : tables.rows("""
                    SELECT p.product_id, c.category_name FROM dds.l_product_category l
                      JOIN dds.h_product p USING (h_product_pk) JOIN dds.h_category c USING (h_category_pk)
                     WHERE p.product_id LIKE ?
                    """, firstOrder + "-product-%")) {
                productCategories.add(row.getString(0) + "|" + row.getString(1));
            }
            Map<String, Object> state = new TreeMap<>();
            state.put("orders", orders);
            state.put("product names", productNames);
            state.put("order-product links", orderProducts);
            state.put("product-category links", productCategories);
            return state;
        }
    }
}
