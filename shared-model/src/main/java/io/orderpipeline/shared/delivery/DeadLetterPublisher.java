package io.orderpipeline.shared.delivery;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Sends dead letters to the service's dead-letter topic (channel {@value #CHANNEL}) and waits for the
 * broker's acknowledgement: a batch is only committed once its dead letters are safe.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    public static final String CHANNEL = "dead-letters";
    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final MutinyEmitter<byte[]> emitter;
    private final DeliveryMetrics metrics;

    public DeadLetterPublisher(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
            MutinyEmitter<byte[]> emitter, DeliveryMetrics metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    Uni<Void> send(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = deadLetters.stream()
                .map(deadLetter -> emitter.sendMessage(deadLetter.toMessage()))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .invoke(() -> deadLetters.forEach(this::report));
    }

    private void report(DeadLetter deadLetter) {
        metrics.deadLettered(deadLetter.cause());
        LOG.warnf("Dead-lettered %s (%s): %s", deadLetter.source(), deadLetter.cause(), deadLetter.reason());
    }
}
