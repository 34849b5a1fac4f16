package io.orderpipeline.runtime.delivery;

import io.orderpipeline.shared.deadletter.DeadLetterCause;
import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.VersionedOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A batch as consumed: raw records, not yet decoded. */
public final class ConsumedBatch {

    private final BatchContext batch;
    private final List<SourceRecord> records;

    ConsumedBatch(BatchContext batch, List<SourceRecord> records) {
        this.batch = batch;
        this.records = records;
    }

    /** Decodes every record; one the decoder rejects goes to the dead-letter topic with the decoder's reason. */
    public <T extends VersionedOrder> DecodedBatch<T> decode(Function<byte[], T> decoder) {
        return decodeOrSkip(value -> Decoding.of(decoder.apply(value)));
    }

    /** As {@link #decode}, and the decoder may also skip a record on purpose (counted and logged). */
    public <T extends VersionedOrder> DecodedBatch<T> decodeOrSkip(Function<byte[], Decoding<T>> decoder) {
        List<DecodedBatch.Item<T>> items = new ArrayList<>(records.size());
        List<DeadLetter> invalid = new ArrayList<>();
        List<DecodedBatch.Skip> skips = new ArrayList<>();
        for (SourceRecord record : records) {
            try {
                Decoding<T> decoding = decoder.apply(record.value());
                if (decoding instanceof Decoding.Decoded<T> decoded) {
                    items.add(new DecodedBatch.Item<>(record, decoded.message()));
                } else if (decoding instanceof Decoding.Skipped<T> skipped) {
                    skips.add(new DecodedBatch.Skip(record, skipped.reason()));
                }
            } catch (InvalidMessageException e) {
                invalid.add(new DeadLetter(record, DeadLetterCause.INVALID_MESSAGE, e.getMessage()));
            }
        }
        return new DecodedBatch<>(batch, items, invalid, skips);
    }
}
