package io.orderpipeline.runtime.delivery;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.List;

/**
 * Sends dead letters to the service's dead-letter topic (channel {@value #CHANNEL}) and completes once the broker
 * has acknowledged every one: a batch is committed only when its dead letters are safe.
 */
@ApplicationScoped
public class DeadLetterPublisher implements DeadLetterSink {

    public static final String CHANNEL = "dead-letters";

    private final MutinyEmitter<byte[]> emitter;
    private final int maxRecordBytes;

    DeadLetterPublisher(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> emitter,
            DeliverySettings settings) {
        this.emitter = emitter;
        this.maxRecordBytes = settings.maxRecordBytes();
    }

    @Override
    public Uni<Void> send(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = deadLetters.stream()
                .map(deadLetter -> emitter.sendMessage(deadLetter.toMessage(maxRecordBytes)))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
