package io.orderpipeline.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Kafka clients' own metrics, the consumer's lag per partition among them, in place of Quarkus's Kafka binder
 * ({@code quarkus.micrometer.binder.kafka.enabled=false}). That binder looks for new client metrics once a minute,
 * and a partition's lag is a new metric each time the partition is assigned: for the first minute after start-up
 * or a rebalance, the lag that dashboards and alerts read was missing. Here the clients are looked at every few
 * seconds.
 */
@ApplicationScoped
public class KafkaClientMeters {

    private static final Logger LOG = Logger.getLogger(KafkaClientMeters.class);
    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "kafka-client-meters");
        thread.setDaemon(true);
        return thread;
    });
    private final List<KafkaClientMetrics> bound = new ArrayList<>();

    public KafkaClientMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void consumerCreated(@Observes Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer, List.of(), refresher, REFRESH));
    }

    synchronized void producerCreated(@Observes Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer, List.of(), refresher, REFRESH));
    }

    private void bind(KafkaClientMetrics metrics) {
        metrics.bindTo(registry);
        bound.add(metrics);
    }

    synchronized void onStop(@Observes ShutdownEvent shutdown) {
        for (KafkaClientMetrics metrics : bound) {
            try {
                metrics.close();
            } catch (RuntimeException e) {
                LOG.debugf(e, "Closing a Kafka client's meters failed");
            }
        }
        bound.clear();
        refresher.shutdownNow();
    }
}
