package io.orderpipeline.shared.delivery;

import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.OrderVersion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A batch's records decoded with one of {@link io.orderpipeline.shared.message.MessageCodec}'s decoders:
 * the messages that decoded, each with the record it came from, and a dead letter for each that did not.
 */
public record DecodedBatch<T>(List<Decoded<T>> messages, List<DeadLetter> deadLetters) {

    public record Decoded<T>(SourceRecord source, T message) {
    }

    public static <T> DecodedBatch<T> decode(List<SourceRecord> records, Function<byte[], T> decoder) {
        List<Decoded<T>> messages = new ArrayList<>(records.size());
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (SourceRecord record : records) {
            try {
                messages.add(new Decoded<>(record, decoder.apply(record.value())));
            } catch (InvalidMessageException e) {
                deadLetters.add(record.deadLetter(DeadLetter.Cause.INVALID_MESSAGE, e.getMessage()));
            }
        }
        return new DecodedBatch<>(messages, deadLetters);
    }

    /** Each message as the selector maps it; those it maps to empty are left out (the caller counts them as skipped). */
    public <R> DecodedBatch<R> select(Function<Decoded<T>, Optional<R>> selector) {
        List<Decoded<R>> selected = new ArrayList<>(messages.size());
        for (Decoded<T> decoded : messages) {
            selector.apply(decoded).ifPresent(message -> selected.add(new Decoded<>(decoded.source(), message)));
        }
        return new DecodedBatch<>(selected, deadLetters);
    }

    /**
     * At most one message per key: the one with the newest version (of equal versions, the last one), in
     * the order in which each key first appeared. Older versions in the same batch would change nothing.
     */
    public <K> DecodedBatch<T> newestPer(Function<T, K> key, Function<T, OrderVersion> version) {
        Map<K, Decoded<T>> newest = new LinkedHashMap<>();
        for (Decoded<T> decoded : messages) {
            newest.merge(key.apply(decoded.message()), decoded, (kept, candidate) ->
                    version.apply(candidate.message()).isOlderThan(version.apply(kept.message())) ? kept : candidate);
        }
        return new DecodedBatch<>(List.copyOf(newest.values()), deadLetters);
    }

    public <R> List<R> map(Function<T, R> mapper) {
        return messages.stream().map(decoded -> mapper.apply(decoded.message())).toList();
    }

    public int size() {
        return messages.size();
    }
}
