package io.orderpipeline.runtime.delivery;

/** What every step of one batch shares: the engine, how many records came, when, and the acknowledgement. */
record BatchContext(BatchPipeline pipeline, int consumed, long startedNanos, BatchAcknowledgement acknowledgement) {
}
