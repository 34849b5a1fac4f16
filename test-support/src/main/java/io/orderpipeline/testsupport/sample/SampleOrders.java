package io.orderpipeline.testsupport.sample;

import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.ReferenceData;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of upstream order events as the real source sends them: each order goes
 * OPEN → COOKING → DELIVERING → CLOSED, or OPEN → CANCELLED, one event per status; some events are sent
 * twice, some older versions arrive after newer ones, and a few messages are poison.
 */
public final class SampleOrders {

    /** One message on the input topic, and the order event it carries (null for poison). */
    public record Message(byte[] json, OrderEvent event) {
        public boolean isPoison() {
            return event == null;
        }
    }

    public record Options(int orders, double duplicateRate, double lateOlderRate, int poisonCount, long firstOrderId) {
        public static Options realistic(int orders) {
            return new Options(orders, 0.05, 0.05, Math.max(1, orders / 500), 1_000_000);
        }

        /** Every version of every order once, in order, nothing else. */
        public static Options clean(int orders, long firstOrderId) {
            return new Options(orders, 0, 0, 0, firstOrderId);
        }
    }

    /** Only the last message of each order: a history dump of final states, one message per order. */
    public static List<Message> finalStates(List<Message> messages) {
        java.util.Map<Long, Message> last = new java.util.LinkedHashMap<>();
        for (Message message : messages) {
            if (!message.isPoison()) {
                last.remove(message.event().objectId());
                last.put(message.event().objectId(), message);
            }
        }
        return List.copyOf(last.values());
    }

    private static final List<String> POISON = List.of(
            "{\"object_id\": 1, \"object_type\": \"order\", \"payload\": ",
            "{\"object_id\": \"not-a-number\", \"object_type\": \"order\", \"sent_dttm\": \"2023-04-08 20:27:36\"}",
            "{\"object_id\": 2, \"object_type\": \"order\", \"sent_dttm\": \"2023-04-08 20:27:36\"}",
            "not json at all");

    private SampleOrders() {
    }

    public static List<Message> generate(long seed, SampleReferenceData references, Options options) {
        Random random = new Random(seed);
        List<Message> stream = new ArrayList<>();
        List<Message> sentEarlier = new ArrayList<>();
        List<List<OrderEvent>> inFlight = new ArrayList<>();
        LocalDateTime clock = LocalDateTime.of(2023, 4, 1, 10, 0, 0);
        long nextId = options.firstOrderId();
        int created = 0;
        int poisonLeft = options.poisonCount();
        while (created < options.orders() || !inFlight.isEmpty()) {
            clock = clock.plusSeconds(1 + random.nextInt(5));
            if (created < options.orders() && (inFlight.size() < 20 || random.nextInt(3) == 0)) {
                inFlight.add(versionsOf(nextId++, clock, random, references));
                created++;
            }
            List<OrderEvent> order = inFlight.get(random.nextInt(inFlight.size()));
            Message message = message(order.remove(0));
            stream.add(message);
            sentEarlier.add(message);
            if (order.isEmpty()) {
                inFlight.remove(order);
            }
            if (random.nextDouble() < options.duplicateRate()) {
                stream.add(message);
            }
            if (random.nextDouble() < options.lateOlderRate() && sentEarlier.size() > 10) {
                stream.add(sentEarlier.get(sentEarlier.size() - 2 - random.nextInt(8)));
            }
            if (poisonLeft > 0 && random.nextInt(Math.max(1, options.orders() * 3 / Math.max(1, options.poisonCount()))) == 0) {
                stream.add(new Message(POISON.get(poisonLeft-- % POISON.size()).getBytes(StandardCharsets.UTF_8), null));
            }
        }
        while (poisonLeft > 0) {
            stream.add(new Message(POISON.get(poisonLeft-- % POISON.size()).getBytes(StandardCharsets.UTF_8), null));
        }
        return stream;
    }

    private static Message message(OrderEvent event) {
        return new Message(MessageCodec.encode(event), event);
    }

    /** Every version of one order, oldest first. */
    private static List<OrderEvent> versionsOf(long objectId, LocalDateTime start, Random random,
            SampleReferenceData references) {
        ReferenceData.User user = references.users().get(random.nextInt(references.users().size()));
        ReferenceData.Restaurant restaurant = references.restaurants().get(
                random.nextInt(references.restaurants().size()));
        List<OrderEvent.Item> items = new ArrayList<>();
        int lines = 1 + random.nextInt(6);
        BigDecimal cost = BigDecimal.ZERO;
        for (int i = 0; i < lines; i++) {
            ReferenceData.MenuItem dish = restaurant.menu().get(random.nextInt(restaurant.menu().size()));
            BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(5));
            items.add(new OrderEvent.Item(dish.id(), dish.name(), dish.price(), quantity));
            cost = cost.add(dish.price().multiply(quantity));
        }
        BigDecimal bonus = random.nextInt(4) == 0 ? cost.min(BigDecimal.valueOf(100)) : BigDecimal.ZERO;
        List<String> statuses = random.nextInt(5) == 0
                ? List.of("OPEN", "CANCELLED")
                : List.of("OPEN", "COOKING", "DELIVERING", "CLOSED");
        List<OrderEvent> versions = new ArrayList<>();
        List<OrderEvent.StatusChange> history = new ArrayList<>();
        LocalDateTime at = start;
        for (String status : statuses) {
            history.add(0, new OrderEvent.StatusChange(status, at));
            OrderEvent.Payload payload = new OrderEvent.Payload(restaurant.id(), start, user.id(), items, bonus, cost,
                    cost.subtract(bonus), cost.divide(BigDecimal.TEN), history, status, at);
            versions.add(new OrderEvent(objectId, OrderEvent.ORDER_TYPE, at.plusSeconds(random.nextInt(30)),
                    payload, null));
            at = at.plusMinutes(1 + random.nextInt(20));
        }
        return versions;
    }
}
