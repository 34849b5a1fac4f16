package io.orderpipeline.dds.messaging;

import io.orderpipeline.dds.VaultTables;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Enriched;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.orderpipeline.testsupport.warehouse.Warehouse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How fast dds loads orders: {@value #ORDERS} realistic enriched orders (1 to 6 products each) are preloaded
 * while the channel is paused, then the channel is resumed and the clock runs until every order has been
 * written and published. Prints orders per second and rows written per order; asserts nothing about speed.
 * Run: {@code mvn -B -pl dds -am verify -Pbenchmark}.
 */
@QuarkusTest
@Tag("benchmark")
@TestProfile(VaultLoadBenchmarkTest.PausedOnItsOwnTopic.class)
@WithTestResource(DevstackResource.class)
class VaultLoadBenchmarkTest {

    static final int ORDERS = 20_000;
    static final String INPUT = "stg-service-orders-benchmark";
    static final long FIRST_ORDER = 50_000_000_000L;

    public static class PausedOnItsOwnTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.enriched-orders.topic", INPUT,
                    "mp.messaging.incoming.enriched-orders.group.id", "dds-service-benchmark",
                    "mp.messaging.incoming.enriched-orders.pausable", "true",
                    "mp.messaging.incoming.enriched-orders.initially-paused", "true",
                    "quarkus.log.category.\"io.orderpipeline\".level", "WARN");
        }
    }

    @Inject
    ChannelRegistry channels;
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
    void loadTwentyThousandOrders() {
        Warehouse tables = new Warehouse(jdbcUrl, user, password);
        try (VaultTopics topics = new VaultTopics(new Topics(bootstrapServers))) {
            List<EnrichedOrder> orders = new RealisticOrders(new Random(20_000)).orders(ORDERS);
            int lines = orders.stream().mapToInt(order -> order.payload().products().size()).sum();
            topics.topics().send(orders.stream()
                    .map(order -> new ProducerRecord<>(INPUT, order.kafkaKey(), Enriched.json(order))).toList());
            ConsumerTask<String, byte[]> published = topics.topics().read(VaultTopics.OUTPUT);
            long rowsBefore = tables.number(VaultTables.ALL_ROWS);
            // The clock must start with the consumption: nothing of the preload may have been loaded yet.
            PausableChannel input = channels.getPausable("enriched-orders");
            assertThat(input.isPaused()).isTrue();
            assertThat(tables.number("SELECT count(*) FROM dds.h_order WHERE order_id >= ?", FIRST_ORDER)).isZero();

            long started = System.nanoTime();
            input.resume();
            PublishedCounter counter = new PublishedCounter(published);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> counter.count() >= ORDERS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            long rows = tables.number(VaultTables.ALL_ROWS) - rowsBefore;
            double seconds = took.toNanos() / 1e9;
            System.out.printf("%n[dds benchmark] %,d orders (%,d product lines) written and published in %.2f s: "
                            + "%,.0f orders/s; %,d rows written = %.2f rows per order%n%n",
                    ORDERS, lines, seconds, ORDERS / seconds, rows,
                    (double) rows / ORDERS);
            assertThat(counter.count()).isEqualTo(ORDERS);
        }
    }

    /** Counts the benchmark's orders on the output topic, decoding each record once. */
    static final class PublishedCounter {
        private final ConsumerTask<String, byte[]> published;
        private int seen;
        private int count;

        PublishedCounter(ConsumerTask<String, byte[]> published) {
            this.published = published;
        }

        int count() {
            List<ConsumerRecord<String, byte[]>> records = published.getRecords();
            for (; seen < records.size(); seen++) {
                long orderId = MessageCodec.decodeVaultOrder(records.get(seen).value()).orderId();
                if (orderId >= FIRST_ORDER && orderId < FIRST_ORDER + ORDERS) {
                    count++;
                }
            }
            return count;
        }
    }

    /** Orders shaped like the upstream's: 5,000 users, 40 restaurants of 25 dishes, Cyrillic names. */
    static final class RealisticOrders {

        static final String[] CATEGORIES = {"Закуски", "Супы", "Горячее", "Выпечка", "Напитки", "Десерты", "Салаты",
                "Роллы"};
        static final String[] DISHES = {"Борщ", "Солянка", "Пельмени", "Вареники", "Плов", "Шашлык", "Блины",
                "Сырники", "Оливье", "Винегрет", "Хачапури", "Ролл Филадельфия", "Рис с лимоном", "РОЛЛ С ТОФУ",
                "Кофе латте", "Морс клюквенный", "Медовик", "Пирожок с капустой", "Котлета по-киевски",
                "Цезарь с курицей"};
        static final String[] SURNAMES = {"Котова", "Иванова", "Смирнова", "Кузнецова", "Попова", "Соколова",
                "Лебедева", "Новикова"};
        static final String[] NAMES = {"Ольга", "Анна", "Мария", "Елена", "Татьяна", "Наталья", "Ирина", "Светлана"};
        static final String[] PATRONYMICS = {"Вениаминовна", "Петровна", "Ивановна", "Сергеевна", "Андреевна"};
        static final String[] STATUSES = {"CLOSED", "CLOSED", "CLOSED", "CLOSED", "CLOSED", "CANCELLED"};

        private final Random random;

        RealisticOrders(Random random) {
            this.random = random;
        }

        List<EnrichedOrder> orders(int count) {
            List<EnrichedOrder> orders = new ArrayList<>(count);
            LocalDateTime start = LocalDateTime.of(2023, 4, 1, 10, 0);
            for (int i = 0; i < count; i++) {
                int user = random.nextInt(5_000);
                int restaurant = random.nextInt(40);
                List<EnrichedOrder.Product> products = new ArrayList<>();
                int productCount = 1 + random.nextInt(6);
                for (int p = 0; p < productCount; p++) {
                    int dish = random.nextInt(25);
                    products.add(new EnrichedOrder.Product(
                            "%012x%012x".formatted(restaurant + 0x626a81cfL, dish),
                            DISHES[dish % DISHES.length] + (dish < DISHES.length ? "" : " №" + dish),
                            BigDecimal.valueOf(90 + 10L * random.nextInt(80)),
                            BigDecimal.valueOf(1 + random.nextInt(3)),
                            CATEGORIES[dish % CATEGORIES.length]));
                }
                LocalDateTime updateTs = start.plusSeconds(i * 30L + random.nextInt(30));
                BigDecimal cost = products.stream().map(product -> product.price().multiply(product.quantity()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                long orderId = FIRST_ORDER + i;
                orders.add(new EnrichedOrder(orderId, "order", updateTs.plusSeconds(5), new EnrichedOrder.Payload(
                        orderId, updateTs.minusMinutes(40), cost, cost, STATUSES[random.nextInt(STATUSES.length)],
                        updateTs,
                        new EnrichedOrder.Restaurant("%024x".formatted(0xef8c42c1L + restaurant),
                                "Кофейня №" + (restaurant + 1)),
                        new EnrichedOrder.User("%024x".formatted(0x626a81ceL * 1000 + user),
                                "%s %s %s".formatted(SURNAMES[user % SURNAMES.length], NAMES[user / 8 % NAMES.length],
                                        PATRONYMICS[user / 64 % PATRONYMICS.length]),
                                "user_" + user),
                        products)));
            }
            return orders;
        }
    }
}
