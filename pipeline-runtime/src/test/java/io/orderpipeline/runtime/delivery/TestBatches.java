package io.orderpipeline.runtime.delivery;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.OrderVersion;
import io.orderpipeline.shared.message.VersionedOrder;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Stand-ins for what surrounds the engine: records, a decoder, the broker's answers, settings. */
final class TestBatches {

    private static final LocalDateTime T = LocalDateTime.of(2023, 4, 1, 20, 45, 43);

    /** An order as small as a test needs: written {@code id:version}. */
    record TestOrder(long id, int minute) implements VersionedOrder {
        @Override
        public long orderId() {
            return id;
        }

        @Override
        public OrderVersion version() {
            return new OrderVersion(T.plusMinutes(minute), T);
        }

        String text() {
            return id + ":" + minute;
        }
    }

    static TestOrder decodeTestOrder(byte[] value) {
        String[] parts = new String(value, StandardCharsets.UTF_8).split(":");
        try {
            return new TestOrder(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
        } catch (RuntimeException e) {
            throw new InvalidMessageException("order", "is not 'id:version'");
        }
    }

    /** Records of one partition, offsets from 0, with these values. */
    static List<SourceRecord> records(String... values) {
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            records.add(new SourceRecord(null, values[i].getBytes(StandardCharsets.UTF_8), "orders", 0, i, 1_000, 500,
                    Context.root()));
        }
        return records;
    }

    /** A write that stores every order and publishes it as it came. */
    static BatchWrite<TestOrder> publishingEach() {
        return messages -> Uni.createFrom().item(messages.stream()
                .map(order -> Outcome.publish(Long.toString(order.id()), order.text().getBytes(StandardCharsets.UTF_8)))
                .toList());
    }

    static String text(Message<byte[]> message) {
        return new String(message.getPayload(), StandardCharsets.UTF_8);
    }

    /** Tracing as it is unless configured: off. */
    static BatchTracing noTracing() {
        return new BatchTracing(OpenTelemetry.noop().getTracer("test"));
    }

    static DeliverySettings settings(int attempts, int maxRecordBytes) {
        return new DeliverySettings() {
            @Override
            public Retry retry() {
                return new Retry() {
                    @Override
                    public Duration initialBackoff() {
                        return Duration.ofMillis(1);
                    }

                    @Override
                    public Duration maxBackoff() {
                        return Duration.ofMillis(5);
                    }

                    @Override
                    public int attempts() {
                        return attempts;
                    }
                };
            }

            @Override
            public int maxRecordBytes() {
                return maxRecordBytes;
            }
        };
    }

    /** The dead-letter topic: records what the broker took, and answers as the test says. */
    static final class RecordingDeadLetters implements DeadLetterSink {
        private final List<DeadLetter> sent = Collections.synchronizedList(new ArrayList<>());
        private Supplier<Uni<Void>> answer = () -> Uni.createFrom().voidItem();

        void answerWith(Supplier<Uni<Void>> answer) {
            this.answer = answer;
        }

        List<DeadLetter> sent() {
            return List.copyOf(sent);
        }

        @Override
        public Uni<Void> send(List<DeadLetter> deadLetters) {
            if (deadLetters.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Uni.createFrom().deferred(() -> answer.get()).invoke(() -> sent.addAll(deadLetters));
        }
    }

    static final class RecordingAcknowledgement implements BatchAcknowledgement {
        private final AtomicInteger acks = new AtomicInteger();
        private final AtomicInteger nacks = new AtomicInteger();

        @Override
        public CompletionStage<Void> ack() {
            acks.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> nack(Throwable reason) {
            nacks.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }

        int acks() {
            return acks.get();
        }

        int nacks() {
            return nacks.get();
        }
    }

    private TestBatches() {
    }
}
