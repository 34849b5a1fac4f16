package io.orderpipeline.runtime.delivery;

import java.util.concurrent.CompletionStage;

/** The acknowledgement of a consumed batch: its offsets become committable on {@link #ack()}. */
interface BatchAcknowledgement {

    CompletionStage<Void> ack();

    /** The batch failed for good: its channel fails, and its records are consumed again after a restart. */
    CompletionStage<Void> nack(Throwable reason);
}
