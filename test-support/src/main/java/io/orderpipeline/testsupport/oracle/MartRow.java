package io.orderpipeline.testsupport.oracle;

import java.util.Comparator;
import java.util.UUID;

/** One row of either mart: (user, product or category, its name, order count). */
public record MartRow(UUID userId, UUID itemId, String name, int orderCnt) {

    public static final Comparator<MartRow> ORDER = Comparator.comparing(MartRow::userId).thenComparing(MartRow::itemId);
}
