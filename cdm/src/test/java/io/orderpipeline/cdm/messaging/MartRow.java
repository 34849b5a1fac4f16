package io.orderpipeline.cdm.messaging;

import java.util.Comparator;
import java.util.UUID;

/** One row of either mart: (user, product or category, its name, order count). */
record MartRow(UUID userId, UUID itemId, String name, int orderCnt) {

    static final Comparator<MartRow> ORDER = Comparator.comparing(MartRow::userId).thenComparing(MartRow::itemId);
}
