package io.orderpipeline.shared.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The counters every service reports, with the same names, so one dashboard reads all three. */
@ApplicationScoped
public class DeliveryMetrics {

    private final Counter consumed;
    private final Counter skipped;
    private final Counter stored;
    private final Counter published;
    private final Counter retries;
    private final Counter splits;
    private final Map<DeadLetter.Cause, Counter> deadLettered = new EnumMap<>(DeadLetter.Cause.class);
    private final DistributionSummary batchSize;
    private final Timer batchDuration;

    public DeliveryMetrics(MeterRegistry registry) {
        consumed = Counter.builder("pipeline.records.consumed").description("Records consumed").register(registry);
        skipped = Counter.builder("pipeline.records.skipped")
                .description("Records skipped on purpose (not an order)").register(registry);
        stored = Counter.builder("pipeline.records.stored")
                .description("Order versions written to this service's schema").register(registry);
        published = Counter.builder("pipeline.records.published")
                .description("Records published to the outgoing topic").register(registry);
        retries = Counter.builder("pipeline.batch.retries")
                .description("Batch attempts that failed and were retried").register(registry);
        splits = Counter.builder("pipeline.batch.splits")
                .description("Batches split in halves because the database rejected their data").register(registry);
        for (DeadLetter.Cause cause : DeadLetter.Cause.values()) {
            deadLettered.put(cause, Counter.builder("pipeline.records.dead.lettered")
                    .description("Records sent to the dead-letter topic")
                    .tag("cause", cause.name().toLowerCase())
                    .register(registry));
        }
        batchSize = DistributionSummary.builder("pipeline.batch.size").description("Records per batch")
                .register(registry);
        batchDuration = Timer.builder("pipeline.batch.duration")
                .description("From a batch's arrival to its results being handed to Kafka")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    void consumed(int records) {
        consumed.increment(records);
        batchSize.record(records);
    }

    void done(BatchResult result, Duration took) {
        skipped.increment(result.skipped());
        stored.increment(result.stored());
        published.increment(result.outputs().size());
        batchDuration.record(took);
    }

    void deadLettered(DeadLetter.Cause cause) {
        deadLettered.get(cause).increment();
    }

    void split() {
        splits.increment();
    }

    void retried() {
        retries.increment();
    }
}
