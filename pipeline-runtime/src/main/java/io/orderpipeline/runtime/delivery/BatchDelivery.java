package io.orderpipeline.runtime.delivery;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.orderpipeline.runtime.delivery.DecodedBatch.Item;
import io.orderpipeline.runtime.delivery.DecodedBatch.Skip;
import io.orderpipeline.runtime.logging.LogText;
import io.orderpipeline.shared.deadletter.DeadLetterCause;
import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.VersionedOrder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.pgclient.PgException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One batch through the engine, from the service's write to the acknowledgement: retries, the search for a bad
 * record, dead letters, counts and the outputs that carry the batch's acknowledgement. See {@link BatchPipeline}.
 */
public final class BatchDelivery<T extends VersionedOrder> {

    private static final Logger LOG = Logger.getLogger(BatchDelivery.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final BatchContext batch;
    private final BatchPipeline pipeline;
    private final List<Item<T>> items;
    private final List<DeadLetter> invalid;
    private final List<Skip> skips;
    private final BatchWrite<T> write;
    private final BatchAcknowledgement acknowledgement;

    BatchDelivery(BatchContext batch, List<Item<T>> items, List<DeadLetter> invalid, List<Skip> skips,
            BatchWrite<T> write) {
        this.batch = batch;
        this.pipeline = batch.pipeline();
        this.items = items;
        this.invalid = invalid;
        this.skips = skips;
        this.write = write;
        this.acknowledgement = batch.acknowledgement();
    }

    /** For a service with an outgoing topic: the records to publish, each carrying the batch's acknowledgement. */
    public Multi<Message<byte[]>> publish() {
        return run().onItem().transformToMulti(this::outputs);
    }

    /** For a service without an outgoing topic: completes once the batch is acknowledged. */
    public Uni<Void> acknowledge() {
        return run().chain(outputs -> {
            if (!outputs.isEmpty()) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "a service without an outgoing topic published " + outputs.size() + " records"));
            }
            return Uni.createFrom().completionStage(acknowledgement::ack);
        });
    }

    /** Writes, dead-letters and counts; the outputs to publish are what is left. */
    private Uni<List<Output>> run() {
        Uni<List<Output>> done = items.isEmpty() ? finish(List.of()) : attempt(items, 0, 0, false).chain(this::finish);
        return done.onItemOrFailure().invoke((outputs, failure) -> batch.end(failure));
    }

    private Uni<List<Output>> finish(List<Outcome> outcomes) {
        List<Output> outputs = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>(invalid);
        int stored = 0;
        long now = System.currentTimeMillis();
        for (Skip skip : skips) {
            LOG.debugf("Skipped %s: %s", skip.source(), LogText.of(skip.reason()));
        }
        int skipped = skips.size();
        for (int i = 0; i < outcomes.size(); i++) {
            Item<T> item = items.get(i);
            Outcome outcome = outcomes.get(i);
            Context trace = pipeline.tracing().recordDone(item.source(), item.message().orderId(), name(outcome),
                    batch.span(), batch.started());
            if (outcome instanceof Outcome.Publish publish) {
                outputs.add(new Output(item.source(), publish.key(), publish.value(), trace));
                stored++;
                pipeline.metrics().committed(item.source(), now);
            } else if (outcome instanceof Outcome.Stored) {
                stored++;
                pipeline.metrics().committed(item.source(), now);
            } else if (outcome instanceof Outcome.Stale stale) {
                skipped++;
                LOG.debugf("Skipped %s: %s", item.source(), LogText.of(stale.reason()));
            } else if (outcome instanceof Outcome.DeadLettered rejected) {
                deadLetters.add(new DeadLetter(item.source(), rejected.cause(), rejected.reason(), trace));
            }
        }
        pipeline.metrics().skipped(skipped);
        pipeline.metrics().stored(stored);
        int storedInBatch = stored;
        int skippedInBatch = skipped;
        return sendDeadLetters(deadLetters)
                .map(ignored -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - batch.startedNanos());
                    pipeline.metrics().batchDone(took);
                    pipeline.metrics().published(outputs.size());
                    LOG.debugf("Batch of %d: %d stored, %d to publish, %d skipped, %d dead-lettered in %d ms", batch.consumed(),
                            storedInBatch, outputs.size(), skippedInBatch, deadLetters.size(), took.toMillis());
                    return outputs;
                });
    }

    private static String name(Outcome outcome) {
        if (outcome instanceof Outcome.Publish) {
            return "published";
        }
        if (outcome instanceof Outcome.Stored) {
            return "stored";
        }
        if (outcome instanceof Outcome.Stale) {
            return "stale";
        }
        return "dead-lettered " + ((Outcome.DeadLettered) outcome).cause();
    }

    /**
     * One attempt at writing a part of the batch, and what follows a failure: another attempt after a pause
     * (a server down, or a failure of unknown kind with attempts left), or the search for the record that fails.
     *
     * @param unknownFailures failures so far of a kind that is neither an outage nor the data
     * @param isolating       whether this part is being searched for a bad record: a failure of unknown kind is
     *                        then the record's, without more attempts
     */
    private Uni<List<Outcome>> attempt(List<Item<T>> part, int retries, int unknownFailures, boolean isolating) {
        return Uni.createFrom().deferred(() -> {
                    // The batch's span is current while the service writes, also after a retry's pause moved the work
                    // to another thread: the database and Redis calls are its children.
                    Scope scope = batch.span().makeCurrent();
                    return write.write(messages(part)).onTermination().invoke(scope::close);
                })
                .invoke(outcomes -> {
                    if (outcomes.size() != part.size()) {
                        throw new IllegalStateException("the write returned " + outcomes.size() + " outcomes for "
                                + part.size() + " messages");
                    }
                })
                .invoke(ignored -> pipeline.health().succeeded())
                .onFailure().recoverWithUni(failure -> {
                    FailureKind kind = FailureKind.of(failure);
                    int unknown = kind == FailureKind.UNKNOWN ? unknownFailures + 1 : unknownFailures;
                    if (kind == FailureKind.DATA || kind == FailureKind.UNKNOWN
                            && (isolating || unknown >= pipeline.settings().retry().attempts())) {
                        return isolate(part, failure);
                    }
                    pipeline.metrics().retried();
                    String description = FailureKind.describe(failure);
                    if (kind == FailureKind.INFRASTRUCTURE) {
                        pipeline.health().failed(description);
                    }
                    LOG.warnf("Writing a batch of %d failed (%s), retrying with back-off: %s", part.size(),
                            kind == FailureKind.INFRASTRUCTURE ? "a server is unavailable" : "attempt " + unknown + " of "
                                    + pipeline.settings().retry().attempts(), LogText.of(description, 300));
                    return pause(retries).chain(() -> attempt(part, retries + 1, unknown, isolating));
                });
    }

    /** Splits a part that fails because of its data until the record is found, which is dead-lettered. */
    private Uni<List<Outcome>> isolate(List<Item<T>> part, Throwable failure) {
        if (part.size() == 1) {
            return Uni.createFrom().item(List.of(Outcome.deadLetter(causeOf(failure), FailureKind.describe(failure))));
        }
        pipeline.metrics().split();
        LOG.warnf("A batch of %d failed because of a record (%s); splitting it to find the record", part.size(),
                LogText.of(FailureKind.describe(failure), 300));
        int half = part.size() / 2;
        return attempt(part.subList(0, half), 0, 0, true)
                .chain(first -> attempt(part.subList(half, part.size()), 0, 0, true).map(second -> {
                    List<Outcome> both = new ArrayList<>(first);
                    both.addAll(second);
                    return both;
                }));
    }

    private static DeadLetterCause causeOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidMessageException) {
                return DeadLetterCause.INVALID_MESSAGE;
            }
            if (cause instanceof PgException) {
                return DeadLetterCause.REJECTED_BY_DATABASE;
            }
        }
        return DeadLetterCause.PROCESSING_FAILED;
    }

    /** Runs the attempt again, with back-off and for ever: what fails here is the broker, never the data. */
    private <R> Uni<R> untilDone(Supplier<Uni<? extends R>> attempt, String what) {
        return Uni.createFrom().deferred(attempt)
                .onFailure().invoke(failure -> {
                    pipeline.metrics().retried();
                    pipeline.health().failed(FailureKind.describe(failure));
                    LOG.warnf("%s failed, retrying with back-off: %s", what, LogText.of(FailureKind.describe(failure), 300));
                })
                .onFailure().retry()
                .withBackOff(pipeline.settings().retry().initialBackoff(), pipeline.settings().retry().maxBackoff())
                .withJitter(0.2).indefinitely()
                .invoke(ignored -> pipeline.health().succeeded());
    }

    private Uni<Void> pause(int retries) {
        Duration initial = pipeline.settings().retry().initialBackoff();
        Duration max = pipeline.settings().retry().maxBackoff();
        long millis = Math.min(max.toMillis(), initial.toMillis() << Math.min(retries, 20));
        long jittered = (long) (millis * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(Math.max(1, jittered)));
    }

    private static <T> List<T> messages(List<Item<T>> part) {
        List<T> messages = new ArrayList<>(part.size());
        part.forEach(item -> messages.add(item.message()));
        return messages;
    }

    /** One record to publish, the record it came from (its origin time goes along), and the trace it carries on. */
    private record Output(SourceRecord source, String key, byte[] value, Context trace) {
    }

    private Multi<Message<byte[]>> outputs(List<Output> outputs) {
        if (outputs.isEmpty()) {
            return Uni.createFrom().completionStage(acknowledgement::ack)
                    .onItem().transformToMulti(ignored -> Multi.createFrom().empty());
        }
        AtomicInteger unacknowledged = new AtomicInteger(outputs.size());
        AtomicBoolean failed = new AtomicBoolean();
        List<Message<byte[]>> messages = new ArrayList<>(outputs.size());
        for (Output output : outputs) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Origin.HEADER, Origin.encode(output.source().originTime()));
            Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(output.key()).withHeaders(headers).build(), TracingMetadata.withCurrent(output.trace()));
            messages.add(Message.of(output.value(), metadata)
                    .withAck(() -> unacknowledged.decrementAndGet() == 0 ? acknowledgement.ack() : DONE)
                    .withNack(reason -> rejectedByBroker(reason)
                            ? deadLetterInstead(output, reason).thenCompose(ignored ->
                                    unacknowledged.decrementAndGet() == 0 ? acknowledgement.ack() : DONE)
                            : nackOnce(failed, reason)));
        }
        return Multi.createFrom().iterable(messages);
    }

    /**
     * The broker refused the record itself (a topic whose limit is below {@code pipeline.max-record-bytes}): no
     * retry can change that. The output is stored already; it goes to the dead-letter topic so the partition goes on.
     */
    private static boolean rejectedByBroker(Throwable reason) {
        for (Throwable cause = reason; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException) {
                return true;
            }
        }
        return false;
    }

    private CompletionStage<Void> deadLetterInstead(Output output, Throwable reason) {
        DeadLetter deadLetter = new DeadLetter(output.source(), DeadLetterCause.OUTPUT_TOO_LARGE,
                "the broker refused the output (" + output.value().length + " bytes): " + FailureKind.describe(reason),
                output.trace());
        return sendDeadLetters(List.of(deadLetter)).subscribeAsCompletionStage();
    }

    /** Sends the dead letters until the broker has them all, then counts each and says so in one bounded line. */
    private Uni<Void> sendDeadLetters(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return untilDone(() -> pipeline.deadLetters().send(deadLetters), "dead-lettering " + deadLetters.size())
                .invoke(() -> deadLetters.forEach(deadLetter -> {
                    pipeline.metrics().deadLettered(deadLetter.cause());
                    LOG.warnf("Dead-lettered %s (%s): %s", deadLetter.source(), deadLetter.cause(),
                            LogText.of(deadLetter.reason(), 300));
                }));
    }

    private CompletionStage<Void> nackOnce(AtomicBoolean failed, Throwable reason) {
        return failed.compareAndSet(false, true) ? acknowledgement.nack(reason) : DONE;
    }
}
