package io.orderpipeline.shared.delivery;

/** One consumed Kafka record as the services see it: its raw bytes and where it came from. */
public record SourceRecord(String key, byte[] value, String topic, int partition, long offset) {

    public DeadLetter deadLetter(DeadLetter.Cause cause, String reason) {
        return new DeadLetter(this, cause, reason);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
