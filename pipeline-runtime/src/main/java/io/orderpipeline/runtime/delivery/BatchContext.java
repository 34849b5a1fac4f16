package io.orderpipeline.runtime.delivery;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

import java.time.Instant;

/**
 * What every step of one batch shares: the engine, how many records came and when, the acknowledgement, and the
 * batch's span, current from the batch's arrival to its end (so every log line of the batch carries its trace id).
 */
record BatchContext(BatchPipeline pipeline, int consumed, long startedNanos, Instant started,
        BatchAcknowledgement acknowledgement, Span span, Scope scope) {

    /** Ends the batch's span; it is no longer current. */
    void end(Throwable failure) {
        if (failure != null) {
            BatchTracing.failed(span, failure);
        }
        span.end();
        scope.close();
    }
}
