package io.orderpipeline.dds.vault;

import io.orderpipeline.dds.persistence.VaultRepository;
import io.orderpipeline.runtime.delivery.Outcome;
import io.orderpipeline.runtime.delivery.PublishLimit;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * What dds does with a batch of enriched orders (at most one version per order): load their hubs, links and
 * satellites in one transaction, and publish each as the marts need it, keyed by its user's hub key.
 *
 * <p>Every version is published, also one older than what the vault holds: the vault keeps history, not "the newest
 * version of an order", and cdm is the authority for version order in the marts. A replay is published again, since
 * the first attempt may have died before publishing. An order whose output would be too large to publish is
 * dead-lettered before anything is loaded for it.
 */
@ApplicationScoped
public class VaultLoad {

    private static final Logger LOG = Logger.getLogger(VaultLoad.class);

    private final VaultRepository repository;
    private final PublishLimit limit;
    private final String loadSrc;

    public VaultLoad(VaultRepository repository, PublishLimit limit,
            @ConfigProperty(name = "mp.messaging.incoming.enriched-orders.topic") String loadSrc) {
        this.repository = repository;
        this.limit = limit;
        this.loadSrc = loadSrc;
    }

    public Uni<List<Outcome>> load(List<EnrichedOrder> orders) {
        List<Outcome> outcomes = new ArrayList<>(orders.size());
        List<EnrichedOrder> loadable = new ArrayList<>(orders.size());
        for (EnrichedOrder order : orders) {
            VaultOrder published = VaultOrders.of(order);
            byte[] json = MessageCodec.encode(published);
            if (limit.fits(published.kafkaKey(), json)) {
                outcomes.add(Outcome.publish(published.kafkaKey(), json));
                loadable.add(order);
            } else {
                outcomes.add(limit.tooLarge("the vault order " + order.objectId(), json));
            }
        }
        if (loadable.isEmpty()) {
            return Uni.createFrom().item(outcomes);
        }
        return repository.store(VaultRows.of(loadable), loadSrc).map(added -> {
            LOG.debugf("Loaded %d orders into the vault: %d rows added", loadable.size(), added);
            return outcomes;
        });
    }
}
