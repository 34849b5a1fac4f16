package io.orderpipeline.runtime.delivery;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The delivery guarantees of the pipeline, in one place for all three services. A service's messaging class says
 * what it consumes, how it decodes, what it writes and what it publishes:
 * <pre>{@code
 * return pipeline.batch(batch)
 *         .decode(MessageCodec::decodeEnrichedOrder)    // invalid: dead-lettered, naming the field
 *         .newestPerOrder()                             // older versions in the batch change nothing
 *         .write(vault::load)                           // one transaction; an outcome per order
 *         .publish();                                   // acknowledged once every output is
 * }</pre>
 * and the engine does the rest, the same way everywhere:
 * <ol>
 *   <li>a write that fails because a server is down or refuses us is retried with back-off for as long as it
 *       takes: nothing is dead-lettered or committed meanwhile, and readiness is DOWN;</li>
 *   <li>a write that fails because of a record's data, or fails the same way again and again while every server
 *       answers, is split until the record is found, which is dead-lettered: the rest of the batch goes on;</li>
 *   <li>the batch is acknowledged (its offsets become committable) only once its dead letters and every record it
 *       publishes have been acknowledged by the broker; if any output fails for good, the batch is nacked once.</li>
 * </ol>
 * A crash anywhere before the acknowledgement replays the batch, which is safe because every write is idempotent.
 */
@ApplicationScoped
public class BatchPipeline {

    private final DeadLetterSink deadLetters;
    private final DeliveryMetrics metrics;
    private final PipelineHealth health;
    private final DeliverySettings settings;
    private final BatchTracing tracing;

    @Inject
    BatchPipeline(DeadLetterPublisher deadLetters, DeliveryMetrics metrics, @Readiness PipelineHealth health,
            DeliverySettings settings, BatchTracing tracing) {
        this((DeadLetterSink) deadLetters, metrics, health, settings, tracing);
    }

    BatchPipeline(DeadLetterSink deadLetters, DeliveryMetrics metrics, PipelineHealth health, DeliverySettings settings,
            BatchTracing tracing) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.health = health;
        this.settings = settings;
        this.tracing = tracing;
    }

    /** A batch as the Kafka connector delivers it (the incoming channel consumes in batches). */
    @SuppressWarnings("unchecked")
    public ConsumedBatch batch(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> messages = batch.getRecords();
        List<SourceRecord> sources = new ArrayList<>(messages.size());
        // Each record's own metadata: the batch's getMetadataForRecord scans the whole batch for every record.
        for (KafkaRecord<String, byte[]> message : messages) {
            ConsumerRecord<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(metadata -> (ConsumerRecord<String, byte[]>) metadata.getRecord())
                    .orElseThrow(() -> new IllegalStateException("a Kafka record without its consumer record"));
            Context trace = message.getMetadata(TracingMetadata.class).map(TracingMetadata::getCurrentContext)
                    .orElse(Context.root());
            sources.add(new SourceRecord(record.key(), record.value(), record.topic(), record.partition(),
                    record.offset(), record.timestamp(), Origin.of(record.headers(), record.timestamp()), trace));
        }
        return batch(sources, new BatchAcknowledgement() {
            @Override
            public CompletionStage<Void> ack() {
                return batch.ack();
            }

            @Override
            public CompletionStage<Void> nack(Throwable reason) {
                return batch.nack(reason);
            }
        });
    }

    ConsumedBatch batch(List<SourceRecord> records, BatchAcknowledgement acknowledgement) {
        metrics.consumed(records.size());
        Span span = tracing.startBatch(records);
        return new ConsumedBatch(new BatchContext(this, records.size(), System.nanoTime(), Instant.now(),
                acknowledgement, span, span.makeCurrent()), records);
    }

    DeadLetterSink deadLetters() {
        return deadLetters;
    }

    DeliveryMetrics metrics() {
        return metrics;
    }

    PipelineHealth health() {
        return health;
    }

    DeliverySettings settings() {
        return settings;
    }

    BatchTracing tracing() {
        return tracing;
    }
}
