package io.orderpipeline.runtime.delivery;

import io.orderpipeline.shared.deadletter.DeadLetterCause;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;

/**
 * Whether an output fits what the broker accepts ({@code pipeline.max-record-bytes}). A service checks each
 * output before it stores anything for it, so an order whose output could never be published is dead-lettered
 * instead of stored and then stuck.
 */
@ApplicationScoped
public class PublishLimit {

    /** Room for the headers the engine adds and the record's own framing. */
    private static final int HEADROOM = 1_024;

    private final int maxRecordBytes;

    PublishLimit(DeliverySettings settings) {
        this.maxRecordBytes = settings.maxRecordBytes();
    }

    public boolean fits(String key, byte[] value) {
        int keyBytes = key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
        return keyBytes + value.length + HEADROOM <= maxRecordBytes;
    }

    /** The outcome of an output that does not fit. */
    public Outcome tooLarge(String what, byte[] value) {
        return Outcome.deadLetter(DeadLetterCause.OUTPUT_TOO_LARGE, what + " would be " + value.length
                + " bytes, more than the " + maxRecordBytes + " the broker takes (pipeline.max-record-bytes)");
    }
}
