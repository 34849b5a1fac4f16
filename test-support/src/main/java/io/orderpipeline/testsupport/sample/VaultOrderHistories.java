package io.orderpipeline.testsupport.sample;

import io.orderpipeline.shared.message.VaultOrder;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded stream of order versions as dds may deliver them: each order has 1–4 versions of random status and
 * random lines (the same product may be on several), some versions are delivered twice, and the whole stream is
 * shuffled, so older versions often arrive after newer ones. All keys come from the seed: streams of different
 * seeds never share a mart row.
 */
public final class VaultOrderHistories {

    private static final List<String> STATUSES = List.of("OPEN", "CLOSED", "CANCELLED");
    private static final LocalDateTime START = LocalDateTime.of(2023, 4, 1, 10, 0);

    private VaultOrderHistories() {
    }

    /** @return every message to deliver, in delivery order */
    public static List<VaultOrder> generate(long seed, int orders, int users, int products, int categories) {
        Random random = new Random(seed);
        List<UUID> userKeys = keys(random, users);
        List<VaultOrder.Product> catalogue = catalogue(random, products, categories);
        List<VaultOrder> stream = new ArrayList<>();
        for (int order = 0; order < orders; order++) {
            UUID orderKey = new UUID(random.nextLong(), random.nextLong());
            UUID user = userKeys.get(random.nextInt(users));
            LocalDateTime updateTs = START.plusMinutes(random.nextInt(60 * 24));
            LocalDateTime sentDttm = updateTs;
            int versions = 1 + random.nextInt(4);
            for (int version = 0; version < versions; version++) {
                // A version now and then shares update_ts with the previous one; then only sent_dttm orders them.
                sentDttm = (sentDttm.isAfter(updateTs) ? sentDttm : updateTs).plusSeconds(1 + random.nextInt(30));
                VaultOrder message = new VaultOrder(order, orderKey, updateTs, sentDttm,
                        STATUSES.get(random.nextInt(STATUSES.size())), user, lines(random, catalogue));
                stream.add(message);
                if (random.nextInt(5) == 0) {
                    stream.add(message);
                }
                if (random.nextInt(6) != 0) {
                    updateTs = updateTs.plusMinutes(1 + random.nextInt(30));
                }
            }
        }
        Collections.shuffle(stream, random);
        return stream;
    }

    private static List<VaultOrder.Product> lines(Random random, List<VaultOrder.Product> catalogue) {
        int count = 1 + random.nextInt(5);
        List<VaultOrder.Product> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(catalogue.get(random.nextInt(catalogue.size())));
        }
        return lines;
    }

    private static List<VaultOrder.Product> catalogue(Random random, int products, int categories) {
        List<UUID> categoryKeys = keys(random, categories);
        List<VaultOrder.Product> catalogue = new ArrayList<>(products);
        for (int i = 0; i < products; i++) {
            int category = random.nextInt(categories);
            catalogue.add(new VaultOrder.Product(new UUID(random.nextLong(), random.nextLong()), "Блюдо №" + i,
                    categoryKeys.get(category), "Категория №" + category));
        }
        return catalogue;
    }

    private static List<UUID> keys(Random random, int count) {
        List<UUID> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(new UUID(random.nextLong(), random.nextLong()));
        }
        return keys;
    }
}
