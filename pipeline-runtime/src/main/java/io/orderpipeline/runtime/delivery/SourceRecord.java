package io.orderpipeline.runtime.delivery;

import io.opentelemetry.context.Context;

/**
 * One consumed Kafka record as the services see it: its raw key and value, where it came from, when it entered the
 * pipeline, and the trace it belongs to.
 *
 * @param timestamp  the record's own timestamp (epoch milliseconds)
 * @param originTime when the order event this record descends from reached the pipeline's first topic (epoch
 *                   milliseconds): the {@value Origin#HEADER} header, or the record's own timestamp on the first hop
 * @param trace      the record's trace context (from its W3C trace headers), or the root context
 */
public record SourceRecord(String key, byte[] value, String topic, int partition, long offset, long timestamp,
        long originTime, Context trace) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
