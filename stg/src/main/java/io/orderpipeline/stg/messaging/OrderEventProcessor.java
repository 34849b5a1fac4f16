package io.orderpipeline.stg.messaging;

import io.orderpipeline.shared.delivery.BatchPipeline;
import io.orderpipeline.shared.delivery.BatchResult;
import io.orderpipeline.shared.delivery.DeadLetter;
import io.orderpipeline.shared.delivery.DecodedBatch;
import io.orderpipeline.shared.delivery.Output;
import io.orderpipeline.shared.delivery.SourceRecord;
import io.orderpipeline.shared.message.IncomingEvent;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.stg.enrichment.OrderEnrichment;
import io.orderpipeline.stg.enrichment.OrderEnrichment.Outcome;
import io.orderpipeline.stg.persistence.OrderEventRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * order-service_orders → stg.order_events → stg-service-orders. Per batch: one upsert and one Redis read
 * (run side by side), then one publish of every order whose version is now the stored one.
 */
@ApplicationScoped
public class OrderEventProcessor {

    private static final Logger LOG = Logger.getLogger(OrderEventProcessor.class);

    private final BatchPipeline pipeline;
    private final OrderEventRepository repository;
    private final OrderEnrichment enrichment;

    public OrderEventProcessor(BatchPipeline pipeline, OrderEventRepository repository, OrderEnrichment enrichment) {
        this.pipeline = pipeline;
        this.repository = repository;
        this.enrichment = enrichment;
    }

    @Incoming("raw-orders")
    @Outgoing("enriched-orders")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<byte[]>> process(KafkaRecordBatch<String, byte[]> batch) {
        return pipeline.process(batch, this::stage);
    }

    Uni<BatchResult> stage(List<SourceRecord> records) {
        DecodedBatch<OrderEvent> orders = DecodedBatch.decode(records, MessageCodec::decodeIncomingEvent)
                .select(OrderEventProcessor::orderOnly)
                .newestPer(OrderEvent::objectId, OrderEvent::version);
        List<OrderEvent> events = orders.map(event -> event);
        int skipped = records.size() - orders.deadLetters().size() - events.size();
        return Uni.combine().all().unis(repository.storeNewest(events), enrichment.enrich(events))
                .with((stored, outcomes) -> publishable(orders, stored, outcomes, skipped));
    }

    private static Optional<OrderEvent> orderOnly(DecodedBatch.Decoded<IncomingEvent> decoded) {
        if (decoded.message() instanceof IncomingEvent.Order order) {
            return Optional.of(order.event());
        }
        LOG.debugf("Skipped %s: object_type '%s' is not an order", decoded.source(),
                ((IncomingEvent.Other) decoded.message()).objectType());
        return Optional.empty();
    }

    private static BatchResult publishable(DecodedBatch<OrderEvent> batch, Set<Long> stored,
            Map<Long, Outcome> outcomes, int skipped) {
        List<Output> outputs = new ArrayList<>(stored.size());
        List<DeadLetter> deadLetters = new ArrayList<>(batch.deadLetters());
        int stale = 0;
        for (DecodedBatch.Decoded<OrderEvent> decoded : batch.messages()) {
            OrderEvent event = decoded.message();
            if (!stored.contains(event.objectId())) {
                stale++;
                LOG.debugf("Skipped %s: order %d version %s is older than the stored one",
                        decoded.source(), event.objectId(), event.version());
                continue;
            }
            Outcome outcome = outcomes.get(event.objectId());
            if (outcome instanceof Outcome.Enriched enriched) {
                outputs.add(new Output(enriched.order().kafkaKey(), MessageCodec.encode(enriched.order())));
            } else if (outcome instanceof Outcome.Unresolved unresolved) {
                deadLetters.add(decoded.source().deadLetter(DeadLetter.Cause.UNKNOWN_REFERENCE, unresolved.reason()));
            }
        }
        return new BatchResult(outputs, deadLetters, skipped + stale, stored.size());
    }
}
