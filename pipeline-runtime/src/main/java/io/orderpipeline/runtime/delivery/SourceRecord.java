package io.orderpipeline.runtime.delivery;

/**
 * One consumed Kafka record as the services see it: its raw key and value, where it came from, and when it
 * entered the pipeline.
 *
 * @param timestamp  the record's own timestamp (epoch milliseconds)
 * @param originTime when the order event this record descends from reached the pipeline's first topic (epoch
 *                   milliseconds): the {@value Origin#HEADER} header, or the record's own timestamp on the first hop
 */
public record SourceRecord(String key, byte[] value, String topic, int partition, long offset, long timestamp,
        long originTime) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
