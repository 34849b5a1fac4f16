package io.orderpipeline.runtime.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.orderpipeline.shared.deadletter.DeadLetterCause;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The meters every service reports under the same names, so that one dashboard and one set of alerts read all
 * three. All of them exist from start-up, at zero, so that "no progress" is a value rather than a missing series;
 * times are histograms with buckets, which Prometheus can add up across replicas.
 */
@Startup
@ApplicationScoped
public class DeliveryMetrics {

    private static final Duration SHORTEST = Duration.ofMillis(1);
    private static final Duration LONGEST = Duration.ofMinutes(2);

    private final Counter consumed;
    private final Counter skipped;
    private final Counter stored;
    private final Counter published;
    private final Counter retries;
    private final Counter splits;
    private final Map<DeadLetterCause, Counter> deadLettered = new EnumMap<>(DeadLetterCause.class);
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Timer hopLatency;
    private final Timer endToEndLatency;

    public DeliveryMetrics(MeterRegistry registry, @Readiness PipelineHealth health) {
        Gauge.builder("pipeline.ready", health, ready -> ready.ready() ? 1 : 0)
                .description("1 while the pipeline is ready, 0 while a batch is being retried for want of a server")
                .register(registry);
        consumed = Counter.builder("pipeline.records.consumed").description("Records consumed").register(registry);
        skipped = Counter.builder("pipeline.records.skipped")
                .description("Records skipped on purpose: not an order, or not newer than the stored version")
                .register(registry);
        stored = Counter.builder("pipeline.records.stored")
                .description("Order versions written to this service's schema").register(registry);
        published = Counter.builder("pipeline.records.published")
                .description("Records published to the outgoing topic").register(registry);
        retries = Counter.builder("pipeline.batch.retries")
                .description("Batch attempts that failed and were retried").register(registry);
        splits = Counter.builder("pipeline.batch.splits")
                .description("Batches split to find the record that made them fail").register(registry);
        for (DeadLetterCause cause : DeadLetterCause.values()) {
            deadLettered.put(cause, Counter.builder("pipeline.records.dead.lettered")
                    .description("Records sent to the dead-letter topic")
                    .tag("cause", cause.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        batchSize = DistributionSummary.builder("pipeline.batch.size").description("Records per batch")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000)
                .register(registry);
        batchDuration = timer("pipeline.batch.duration",
                "From a batch's arrival to its results being handed to Kafka", registry);
        hopLatency = timer("pipeline.hop.latency",
                "From the consumed record's timestamp to this service's commit", registry);
        endToEndLatency = timer("pipeline.end.to.end.latency",
                "From the order event's arrival on the pipeline's first topic to this service's commit", registry);
    }

    private static Timer timer(String name, String description, MeterRegistry registry) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(SHORTEST)
                .maximumExpectedValue(LONGEST)
                .register(registry);
    }

    void consumed(int records) {
        consumed.increment(records);
        batchSize.record(records);
    }

    void skipped(int records) {
        skipped.increment(records);
    }

    void stored(int records) {
        stored.increment(records);
    }

    void published(int records) {
        published.increment(records);
    }

    void committed(SourceRecord record, long nowMillis) {
        hopLatency.record(Math.max(0, nowMillis - record.timestamp()), TimeUnit.MILLISECONDS);
        endToEndLatency.record(Math.max(0, nowMillis - record.originTime()), TimeUnit.MILLISECONDS);
    }

    void batchDone(Duration took) {
        batchDuration.record(took);
    }

    void deadLettered(DeadLetterCause cause) {
        deadLettered.get(cause).increment();
    }

    void split() {
        splits.increment();
    }

    void retried() {
        retries.increment();
    }
}
