package io.orderpipeline.shared.delivery;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The delivery guarantees of DESIGN.md, in one place for all three services. A batch is
 * <ol>
 *   <li>handed to the service's {@link BatchWork} (one database transaction);</li>
 *   <li>retried with back-off for as long as that fails for any reason but its data (infrastructure down):
 *       nothing is dead-lettered or committed meanwhile, and readiness is DOWN;</li>
 *   <li>split in halves when the database rejects its data, until the one bad record is found and
 *       dead-lettered, so the rest of the batch goes on;</li>
 *   <li>acknowledged (its offsets become committable) only once its dead letters and every record it
 *       publishes have been acknowledged by the broker.</li>
 * </ol>
 * A crash anywhere before the acknowledgement replays the batch, which is safe because the work is idempotent.
 */
@ApplicationScoped
public class BatchPipeline {

    private static final Logger LOG = Logger.getLogger(BatchPipeline.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final DeadLetterPublisher deadLetters;
    private final DeliveryMetrics metrics;
    private final ProcessingHealth health;
    private final RetryConfig retry;

    public BatchPipeline(DeadLetterPublisher deadLetters, DeliveryMetrics metrics, @Readiness ProcessingHealth health,
            RetryConfig retry) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.health = health;
        this.retry = retry;
    }

    /** For a service with an outgoing topic: the records to publish, each carrying the batch's acknowledgement. */
    public Multi<Message<byte[]>> process(KafkaRecordBatch<String, byte[]> batch, BatchWork work) {
        long started = System.nanoTime();
        List<SourceRecord> records = sourceRecords(batch);
        metrics.consumed(records.size());
        return isolatingBadData(records, work)
                .call(result -> untilDone(() -> deadLetters.send(result.deadLetters()), "dead-lettering"))
                .onItem().transformToMulti(result -> {
                    metrics.done(result, Duration.ofNanos(System.nanoTime() - started));
                    return publish(batch, result.outputs());
                });
    }

    /** For a service without an outgoing topic: completes once the batch is acknowledged. */
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch, BatchWork work) {
        return process(batch, work).collect().asList().invoke(outputs -> {
            if (!outputs.isEmpty()) {
                throw new IllegalStateException("a consuming service produced " + outputs.size() + " outputs");
            }
        }).replaceWithVoid();
    }

    private Uni<BatchResult> isolatingBadData(List<SourceRecord> records, BatchWork work) {
        return untilDone(() -> work.apply(records), "processing a batch of " + records.size())
                .onFailure(Failures::isCausedByData).recoverWithUni(failure -> {
                    if (records.size() == 1) {
                        return Uni.createFrom().item(BatchResult.of(List.of(records.get(0)
                                .deadLetter(DeadLetter.Cause.REJECTED_BY_DATABASE, Failures.describe(failure)))));
                    }
                    metrics.split();
                    LOG.warnf("A batch of %d was rejected for its data (%s); splitting it to find the bad record",
                            records.size(), Failures.describe(failure));
                    int half = records.size() / 2;
                    return isolatingBadData(records.subList(0, half), work)
                            .chain(first -> isolatingBadData(records.subList(half, records.size()), work)
                                    .map(first::plus));
                });
    }

    /** Runs the attempt again, with back-off and for ever, while it fails for any reason but its data. */
    private <T> Uni<T> untilDone(Supplier<Uni<? extends T>> attempt, String what) {
        return Uni.createFrom().deferred(attempt)
                .onFailure(failure -> !Failures.isCausedByData(failure)).invoke(failure -> {
                    metrics.retried();
                    health.failed(Failures.describe(failure));
                    LOG.warnf("%s failed, retrying with back-off: %s", what, Failures.describe(failure));
                })
                .onFailure(failure -> !Failures.isCausedByData(failure)).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff()).withJitter(0.2).indefinitely()
                .invoke(health::succeeded);
    }

    private static Multi<Message<byte[]>> publish(KafkaRecordBatch<String, byte[]> batch, List<Output> outputs) {
        if (outputs.isEmpty()) {
            return Uni.createFrom().completionStage(batch::ack).onItem().transformToMulti(ignored -> Multi.createFrom().empty());
        }
        AtomicInteger unacknowledged = new AtomicInteger(outputs.size());
        AtomicBoolean failed = new AtomicBoolean();
        List<Message<byte[]>> messages = new ArrayList<>(outputs.size());
        for (Output output : outputs) {
            Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(output.key()).build());
            messages.add(Message.of(output.value(), metadata)
                    .withAck(() -> unacknowledged.decrementAndGet() == 0 ? batch.ack() : DONE)
                    .withNack(reason -> nackOnce(batch, failed, reason)));
        }
        return Multi.createFrom().iterable(messages);
    }

    private static CompletionStage<Void> nackOnce(Message<?> batch, AtomicBoolean failed, Throwable reason) {
        return failed.compareAndSet(false, true) ? batch.nack(reason) : DONE;
    }

    private static List<SourceRecord> sourceRecords(KafkaRecordBatch<String, byte[]> batch) {
        @SuppressWarnings("unchecked")
        ConsumerRecords<String, byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow(() -> new IllegalStateException("the incoming channel must consume in batches"))
                .getRecords();
        List<SourceRecord> sources = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            sources.add(new SourceRecord(record.key(), record.value(), record.topic(), record.partition(),
                    record.offset()));
        }
        return sources;
    }
}
