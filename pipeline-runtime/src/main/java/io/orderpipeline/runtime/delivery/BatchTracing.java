package io.orderpipeline.runtime.delivery;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * The engine's spans, so that one order can be followed across the three services. Each record's span continues
 * the record's own trace (the W3C context its Kafka headers carried) from the batch's arrival to its commit, and the
 * records it publishes carry that span on, so an order's trace crosses stg, dds and cdm. Each batch has a span of
 * its own, linked to every record's, under which the PostgreSQL and Redis calls appear. With tracing off (the
 * default, {@code quarkus.otel.sdk.disabled=true}) every span is a no-op.
 */
@ApplicationScoped
public class BatchTracing {

    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("messaging.batch.message_count");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.kafka.destination.partition");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.message.offset");
    private static final AttributeKey<Long> ORDER = AttributeKey.longKey("order.id");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("order.pipeline.outcome");

    private final Tracer tracer;

    BatchTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A batch's span, a root of its own, linked to the span of every record in it. */
    Span startBatch(List<SourceRecord> records) {
        String topic = records.isEmpty() ? "batch" : records.get(0).topic();
        SpanBuilder batch = tracer.spanBuilder(topic + " process").setSpanKind(SpanKind.CONSUMER).setNoParent()
                .setAttribute(BATCH_SIZE, (long) records.size()).setAttribute(DESTINATION, topic);
        for (SourceRecord record : records) {
            SpanContext linked = Span.fromContext(record.trace()).getSpanContext();
            if (linked.isValid()) {
                batch.addLink(linked);
            }
        }
        return batch.startSpan();
    }

    /**
     * One record's span in its own trace, from when its batch arrived to now; what it publishes continues from it.
     *
     * @return the context its outputs and dead letters carry on
     */
    Context recordDone(SourceRecord record, long orderId, String outcome, Span batch, Instant batchStarted) {
        Span span = tracer.spanBuilder(record.topic() + " process order").setSpanKind(SpanKind.CONSUMER)
                .setParent(record.trace())
                .setStartTimestamp(batchStarted)
                .addLink(batch.getSpanContext())
                .setAllAttributes(Attributes.of(DESTINATION, record.topic(), PARTITION, (long) record.partition(),
                        OFFSET, record.offset()))
                .setAttribute(ORDER, orderId)
                .setAttribute(OUTCOME, outcome)
                .startSpan();
        span.end();
        return record.trace().with(span);
    }

    static void failed(Span span, Throwable failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR);
    }
}
