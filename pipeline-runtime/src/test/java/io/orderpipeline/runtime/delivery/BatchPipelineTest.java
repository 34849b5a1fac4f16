package io.orderpipeline.runtime.delivery;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orderpipeline.shared.deadletter.DeadLetterCause;
import io.orderpipeline.shared.message.InvalidMessageException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.orderpipeline.runtime.delivery.TestBatches.decodeTestOrder;
import static io.orderpipeline.runtime.delivery.TestBatches.records;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's paths, driven directly: decode, newest per order, the outcomes, retries, the search for a bad
 * record, dead letters and the acknowledgement. No server is involved; the write and the broker are stand-ins
 * whose every answer the test chooses.
 */
class BatchPipelineTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TestBatches.RecordingDeadLetters deadLetters = new TestBatches.RecordingDeadLetters();
    final PipelineHealth health = new PipelineHealth();
    final BatchPipeline pipeline = new BatchPipeline(deadLetters, new DeliveryMetrics(registry, health), health,
            TestBatches.settings(3, 1_000_000), TestBatches.noTracing());
    final TestBatches.RecordingAcknowledgement acknowledgement = new TestBatches.RecordingAcknowledgement();

    @Test
    void anInvalidRecordIsDeadLetteredNamingItsFieldAndTheRestIsWritten() {
        List<Message<byte[]>> outputs = pipeline.batch(records("1:1", "not json", "2:1"), acknowledgement)
                .decode(TestBatches::decodeTestOrder)
                .write(TestBatches.publishingEach())
                .publish().collect().asList().await().atMost(Duration.ofSeconds(5));

        assertThat(outputs).extracting(TestBatches::text).containsExactly("1:1", "2:1");
        assertThat(deadLetters.sent()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.cause()).isEqualTo(DeadLetterCause.INVALID_MESSAGE);
            assertThat(deadLetter.reason()).isEqualTo("field 'order': is not 'id:version'");
            assertThat(deadLetter.source().offset()).isEqualTo(1);
        });
        assertThat(counter("pipeline.records.dead.lettered", "cause", "invalid_message")).isEqualTo(1);
        assertThat(counter("pipeline.records.consumed")).isEqualTo(3);
    }

    @Test
    void olderVersionsOfAnOrderInTheSameBatchAreSkippedAndCounted() {
        List<List<String>> written = new ArrayList<>();
        pipeline.batch(records("1:2", "1:1", "2:1", "1:3", "1:3"), acknowledgement)
                .decode(TestBatches::decodeTestOrder)
                .newestPerOrder()
                .write(messages -> {
                    written.add(messages.stream().map(TestBatches.TestOrder::text).toList());
                    return Uni.createFrom().item(messages.stream().map(m -> Outcome.stored()).toList());
                })
                .acknowledge().await().atMost(Duration.ofSeconds(5));

        // Of equal versions the last one is kept; each order keeps the place where it first appeared.
        assertThat(written).containsExactly(List.of("1:3", "2:1"));
        assertThat(counter("pipeline.records.skipped")).isEqualTo(3);
        assertThat(counter("pipeline.records.stored")).isEqualTo(2);
        assertThat(acknowledgement.acks()).isEqualTo(1);
    }

    @Test
    void eachOutcomeIsCountedWhereItBelongsAndOnlyPublishedOnesAreOutputs() {
        List<Message<byte[]>> outputs = pipeline.batch(records("1:1", "2:1", "3:1", "4:1", "5:skip"), acknowledgement)
                .decodeOrSkip(value -> {
                    String text = new String(value, StandardCharsets.UTF_8);
                    return text.endsWith("skip") ? Decoding.skip("not an order") : Decoding.of(decodeTestOrder(value));
                })
                .write(messages -> Uni.createFrom().item(List.of(
                        Outcome.publish("k1", "out-1".getBytes(StandardCharsets.UTF_8)),
                        Outcome.stored(),
                        Outcome.stale("older than the stored version"),
                        Outcome.deadLetter(DeadLetterCause.UNKNOWN_REFERENCE, "user u1 is not in Redis"))))
                .publish().collect().asList().await().atMost(Duration.ofSeconds(5));

        assertThat(outputs).extracting(TestBatches::text).containsExactly("out-1");
        assertThat(counter("pipeline.records.stored")).isEqualTo(2);
        assertThat(counter("pipeline.records.published")).isEqualTo(1);
        assertThat(counter("pipeline.records.skipped")).isEqualTo(2);
        assertThat(counter("pipeline.records.dead.lettered", "cause", "unknown_reference")).isEqualTo(1);
        assertThat(deadLetters.sent()).extracting(deadLetter -> deadLetter.source().offset()).containsExactly(3L);
    }

    @Test
    void theBatchIsAcknowledgedOnceAndOnlyAfterEveryOutputIs() {
        List<Message<byte[]>> outputs = publishEach("1:1", "2:1", "3:1");
        assertThat(acknowledgement.acks()).isZero();

        outputs.get(2).ack().toCompletableFuture().join();
        outputs.get(0).ack().toCompletableFuture().join();
        assertThat(acknowledgement.acks()).as("two of three acknowledged").isZero();

        outputs.get(1).ack().toCompletableFuture().join();
        assertThat(acknowledgement.acks()).isEqualTo(1);
        assertThat(acknowledgement.nacks()).isZero();
    }

    @Test
    void outputsFailingForAnyReasonButTheirOwnNackTheBatchOnce() {
        List<Message<byte[]>> outputs = publishEach("1:1", "2:1", "3:1");

        outputs.get(0).nack(new ConnectException("broker gone")).toCompletableFuture().join();
        outputs.get(1).nack(new ConnectException("broker gone")).toCompletableFuture().join();
        outputs.get(2).ack().toCompletableFuture().join();

        assertThat(acknowledgement.nacks()).isEqualTo(1);
        assertThat(acknowledgement.acks()).isZero();
    }

    @Test
    void anOutputTheBrokerRefusesIsDeadLetteredAndTheBatchStillGoesOn() {
        List<Message<byte[]>> outputs = publishEach("1:1", "2:1");

        outputs.get(0).nack(new RecordTooLargeException("too large")).toCompletableFuture().join();
        outputs.get(1).ack().toCompletableFuture().join();

        assertThat(deadLetters.sent()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.cause()).isEqualTo(DeadLetterCause.OUTPUT_TOO_LARGE);
            assertThat(deadLetter.source().offset()).isZero();
        });
        assertThat(acknowledgement.acks()).isEqualTo(1);
        assertThat(acknowledgement.nacks()).isZero();
    }

    @Test
    void outputsAreHandedOverOnlyOnceTheBatchsDeadLettersAreSafe() {
        CompletableFuture<Void> broker = new CompletableFuture<>();
        deadLetters.answerWith(() -> Uni.createFrom().completionStage(broker));
        CompletableFuture<List<Message<byte[]>>> outputs = pipeline.batch(records("1:1", "bad", "2:1"), acknowledgement)
                .decode(TestBatches::decodeTestOrder)
                .write(TestBatches.publishingEach())
                .publish().collect().asList().subscribeAsCompletionStage().toCompletableFuture();

        assertThat(outputs).as("the dead letter is not acknowledged yet").isNotDone();
        broker.complete(null);
        assertThat(outputs.join()).hasSize(2);
    }

    @Test
    void aBatchWithoutOutputsIsAcknowledgedOnceItsDeadLettersAreSafe() {
        pipeline.batch(records("bad"), acknowledgement).decode(TestBatches::decodeTestOrder)
                .write(TestBatches.publishingEach())
                .publish().collect().asList().await().atMost(Duration.ofSeconds(5));

        assertThat(deadLetters.sent()).hasSize(1);
        assertThat(acknowledgement.acks()).isEqualTo(1);
    }

    @Test
    void anOutageIsRetriedWithReadinessDownAndDeadLettersNothing() {
        AtomicInteger attempts = new AtomicInteger();
        List<Boolean> readyDuringAttempts = new ArrayList<>();
        List<Message<byte[]>> outputs = pipeline.batch(records("1:1", "2:1"), acknowledgement)
                .decode(TestBatches::decodeTestOrder)
                .write(messages -> {
                    readyDuringAttempts.add(health.call().getStatus() == org.eclipse.microprofile.health.HealthCheckResponse.Status.UP);
                    if (attempts.incrementAndGet() <= 5) {
                        return Uni.createFrom().failure(new ConnectException("Connection refused: 127.0.0.1:5432"));
                    }
                    return TestBatches.publishingEach().write(messages);
                })
                .publish().collect().asList().await().atMost(Duration.ofSeconds(10));

        assertThat(attempts).as("more attempts than a failure of unknown kind gets").hasValue(6);
        assertThat(readyDuringAttempts).containsExactly(true, false, false, false, false, false);
        assertThat(registry.get("pipeline.ready").gauge().value()).as("ready again").isOne();
        assertThat(health.call().getStatus()).isEqualTo(org.eclipse.microprofile.health.HealthCheckResponse.Status.UP);
        assertThat(outputs).hasSize(2);
        assertThat(deadLetters.sent()).isEmpty();
        assertThat(counter("pipeline.batch.retries")).isEqualTo(5);
    }

    @Test
    void aRecordTheDatabaseRejectsIsFoundBySplittingAndDeadLetteredAlone() {
        List<Integer> attemptSizes = new ArrayList<>();
        List<Message<byte[]>> outputs = pipeline.batch(records("1:1", "2:1", "3:1", "4:1", "5:1", "6:1", "7:1"), acknowledgement)
                .decode(TestBatches::decodeTestOrder)
                .write(messages -> {
                    attemptSizes.add(messages.size());
                    if (messages.stream().anyMatch(order -> order.id() == 5)) {
                        return Uni.createFrom().failure(new PgException("value too long for type character varying(5)",
                                "ERROR", "22001", null));
                    }
                    return TestBatches.publishingEach().write(messages);
                })
                .publish().collect().asList().await().atMost(Duration.ofSeconds(5));

        assertThat(outputs).extracting(TestBatches::text).containsExactly("1:1", "2:1", "3:1", "4:1", "6:1", "7:1");
        assertThat(deadLetters.sent()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.cause()).isEqualTo(DeadLetterCause.REJECTED_BY_DATABASE);
            assertThat(deadLetter.reason()).contains("value too long");
            assertThat(deadLetter.source().offset()).isEqualTo(4);
        });
        assertThat(attemptSizes).as("each attempt's size: the whole, then halves of the failing part")
                .containsExactly(7, 3, 4, 2, 1, 1, 2);
        assertThat(counter("pipeline.batch.splits")).isEqualTo(3);
        assertThat(acknowledgement.acks()).isZero();
    }

    @Test
    void aFailureOfUnknownKindIsRetriedABoundedNumberOfTimesThenItsRecordIsDeadLettered() {
        AtomicInteger wholeBatchAttempts = new AtomicInteger();
        List<Message<byte[]>> outputs = pipeline.batch(records("1:1", "2:1", "3:1", "4:1"), acknowledgement)
                .decode(TestBatches::decodeTestOrder)
                .write(messages -> {
                    if (messages.size() == 4) {
                        wholeBatchAttempts.incrementAndGet();
                    }
                    if (messages.stream().anyMatch(order -> order.id() == 2)) {
                        return Uni.createFrom().failure(new IllegalStateException("a bug that order 2 triggers"));
                    }
                    return TestBatches.publishingEach().write(messages);
                })
                .publish().collect().asList().await().atMost(Duration.ofSeconds(5));

        assertThat(wholeBatchAttempts).hasValue(3);
        assertThat(outputs).extracting(TestBatches::text).containsExactly("1:1", "3:1", "4:1");
        assertThat(deadLetters.sent()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.cause()).isEqualTo(DeadLetterCause.PROCESSING_FAILED);
            assertThat(deadLetter.reason()).isEqualTo("IllegalStateException: a bug that order 2 triggers");
        });
        assertThat(health.call().getStatus()).as("not an outage")
                .isEqualTo(org.eclipse.microprofile.health.HealthCheckResponse.Status.UP);
    }

    @Test
    void aTransientFailureIsRetriedLikeAnOutage() {
        AtomicInteger attempts = new AtomicInteger();
        pipeline.batch(records("1:1"), acknowledgement)
                .decode(TestBatches::decodeTestOrder)
                .write(messages -> attempts.incrementAndGet() <= 4
                        ? Uni.createFrom().failure(new TransientFailure("stored by another instance meanwhile"))
                        : Uni.createFrom().item(List.of(Outcome.stored())))
                .acknowledge().await().atMost(Duration.ofSeconds(5));

        assertThat(attempts).hasValue(5);
        assertThat(deadLetters.sent()).isEmpty();
    }

    @Test
    void deadLettersAreRetriedUntilTheBrokerTakesThem() {
        AtomicInteger sends = new AtomicInteger();
        deadLetters.answerWith(() -> sends.incrementAndGet() <= 2
                ? Uni.createFrom().failure(new ConnectException("broker gone"))
                : Uni.createFrom().voidItem());
        pipeline.batch(records("bad"), acknowledgement).decode(TestBatches::decodeTestOrder)
                .write(TestBatches.publishingEach())
                .acknowledge().await().atMost(Duration.ofSeconds(5));

        assertThat(sends).hasValue(3);
        assertThat(acknowledgement.acks()).isEqualTo(1);
    }

    @Test
    void aWriteThatAnswersForTheWrongNumberOfMessagesIsABugAndEndsInADeadLetter() {
        pipeline.batch(records("1:1"), acknowledgement).decode(TestBatches::decodeTestOrder)
                .write(messages -> Uni.createFrom().item(List.of()))
                .acknowledge().await().atMost(Duration.ofSeconds(5));

        assertThat(deadLetters.sent()).singleElement()
                .satisfies(deadLetter -> assertThat(deadLetter.cause()).isEqualTo(DeadLetterCause.PROCESSING_FAILED));
    }

    @Test
    void everyMeterExistsAtZeroBeforeTheFirstBatch() {
        assertThat(registry.find("pipeline.records.consumed").counter()).isNotNull();
        assertThat(registry.find("pipeline.records.dead.lettered").counters()).hasSize(DeadLetterCause.values().length);
        assertThat(registry.find("pipeline.batch.duration").timer()).isNotNull();
        assertThat(registry.find("pipeline.end.to.end.latency").timer()).isNotNull();
        assertThat(counter("pipeline.records.consumed")).isZero();
        assertThat(registry.get("pipeline.ready").gauge().value()).isOne();
    }

    @Test
    void aBatchAboutAnInvalidMessageOnlyGetsADeadLetterNotAWrite() {
        AtomicInteger writes = new AtomicInteger();
        pipeline.batch(records("bad", "worse"), acknowledgement).decode(value -> {
            throw new InvalidMessageException(null, "the message is not a JSON object");
        }).write(messages -> {
            writes.incrementAndGet();
            return Uni.createFrom().item(List.of());
        }).acknowledge().await().atMost(Duration.ofSeconds(5));

        assertThat(writes).hasValue(0);
        assertThat(deadLetters.sent()).hasSize(2);
    }

    private List<Message<byte[]>> publishEach(String... values) {
        return pipeline.batch(records(values), acknowledgement)
                .decode(TestBatches::decodeTestOrder)
                .write(TestBatches.publishingEach())
                .publish().collect().asList().await().atMost(Duration.ofSeconds(5));
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }
}
