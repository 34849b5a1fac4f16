package io.orderpipeline.stg.staging;

import io.orderpipeline.runtime.delivery.Outcome;
import io.orderpipeline.runtime.delivery.PublishLimit;
import io.orderpipeline.shared.deadletter.DeadLetterCause;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.stg.enrichment.OrderEnrichment.Enriched;
import io.orderpipeline.stg.enrichment.OrderEnrichment.Unresolved;
import io.orderpipeline.stg.enrichment.OrderEnrichment;
import io.orderpipeline.stg.persistence.OrderEventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What stg does with a batch of order events (at most one version per order): enrich each from Redis, stage the
 * raw events in {@code stg.order_events} in one statement, and publish the enriched form of every order whose
 * version is now the stored one. An order whose enriched form would be too large to publish is dead-lettered
 * before anything is stored for it.
 */
@ApplicationScoped
public class OrderStaging {

    private final OrderEnrichment enrichment;
    private final OrderEventRepository repository;
    private final PublishLimit limit;

    public OrderStaging(OrderEnrichment enrichment, OrderEventRepository repository, PublishLimit limit) {
        this.enrichment = enrichment;
        this.repository = repository;
        this.limit = limit;
    }

    public Uni<List<Outcome>> stage(List<OrderEvent> events) {
        return enrichment.enrich(events).chain(enriched -> {
            Map<Long, Outcome> unstorable = new HashMap<>();
            Map<Long, Outcome> publishable = new HashMap<>();
            List<OrderEvent> toStore = new ArrayList<>(events.size());
            for (OrderEvent event : events) {
                var outcome = enriched.get(event.objectId());
                if (outcome instanceof Enriched order) {
                    String key = order.order().kafkaKey();
                    byte[] json = MessageCodec.encode(order.order());
                    if (!limit.fits(key, json)) {
                        unstorable.put(event.objectId(), limit.tooLarge("the enriched order " + event.objectId(), json));
                        continue;
                    }
                    publishable.put(event.objectId(), Outcome.publish(key, json));
                } else if (outcome instanceof Unresolved unresolved) {
                    // Staged all the same: the raw event is what arrived; re-driven later, it is published then.
                    publishable.put(event.objectId(), Outcome.deadLetter(DeadLetterCause.UNKNOWN_REFERENCE,
                            unresolved.reason()));
                }
                toStore.add(event);
            }
            return repository.storeNewest(toStore)
                    .map(stored -> outcomes(events, stored, publishable, unstorable));
        });
    }

    private static List<Outcome> outcomes(List<OrderEvent> events, Set<Long> stored, Map<Long, Outcome> publishable,
            Map<Long, Outcome> unstorable) {
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (OrderEvent event : events) {
            Outcome rejected = unstorable.get(event.objectId());
            if (rejected != null) {
                outcomes.add(rejected);
            } else if (stored.contains(event.objectId())) {
                outcomes.add(publishable.get(event.objectId()));
            } else {
                outcomes.add(Outcome.stale("order " + event.objectId() + " version " + event.version()
                        + " is older than the stored one"));
            }
        }
        return outcomes;
    }
}
