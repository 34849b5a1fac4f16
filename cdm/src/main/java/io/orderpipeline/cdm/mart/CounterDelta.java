package io.orderpipeline.cdm.mart;

import java.util.UUID;

/**
 * The net change a batch makes to one counter row: {@code (user, product)} or {@code (user, category)}.
 *
 * @param itemName the name carried by the newest CLOSED version in the batch that names the item, or null when
 *                 no such version was applied (the row keeps the name it has)
 * @param change   the number of counted orders gained minus those lost; 0 when a version only renamed the item
 */
public record CounterDelta(UUID userKey, UUID itemKey, String itemName, int change) {
}
