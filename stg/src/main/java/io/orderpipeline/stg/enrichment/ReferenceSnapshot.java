package io.orderpipeline.stg.enrichment;

import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.ReferenceData;
import io.orderpipeline.stg.enrichment.OrderEnricher.MissingReferenceException;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** The Redis values one batch read, decoded on first use (a batch names the same restaurant many times). */
final class ReferenceSnapshot {

    private final Map<String, byte[]> values;
    private final Map<String, ReferenceData.User> users = new HashMap<>();
    private final Map<String, ReferenceData.Restaurant> restaurants = new HashMap<>();

    ReferenceSnapshot(Map<String, byte[]> values) {
        this.values = values;
    }

    ReferenceData.User user(String id) {
        return users.computeIfAbsent(id, key -> decode("user", key, MessageCodec::decodeUser));
    }

    ReferenceData.Restaurant restaurant(String id) {
        return restaurants.computeIfAbsent(id, key -> decode("restaurant", key, MessageCodec::decodeRestaurant));
    }

    private <T> T decode(String kind, String key, Function<byte[], T> decoder) {
        byte[] json = values.get(key);
        if (json == null) {
            throw new MissingReferenceException(kind + " " + key + " is not in Redis");
        }
        try {
            return decoder.apply(json);
        } catch (InvalidMessageException e) {
            throw new MissingReferenceException(kind + " " + key + " in Redis is unusable: " + e.getMessage());
        }
    }
}
