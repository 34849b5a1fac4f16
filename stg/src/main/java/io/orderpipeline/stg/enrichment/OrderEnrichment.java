package io.orderpipeline.stg.enrichment;

import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.stg.config.RedisSettings;
import io.orderpipeline.stg.config.StgConfig;
import io.orderpipeline.stg.enrichment.OrderEnricher.MissingReferenceException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enriches a batch of order events with one {@code MGET} of every user and restaurant it names. What Redis
 * does not hold yet is read again a few times, with a pause, before those orders are given up on.
 */
@ApplicationScoped
public class OrderEnrichment {

    private static final Logger LOG = Logger.getLogger(OrderEnrichment.class);

    /** What became of one order: enriched, or the reason it could not be. */
    public sealed interface Result {
    }

    public record Enriched(EnrichedOrder order) implements Result {
    }

    public record Unresolved(String reason) implements Result {
    }

    private final ReactiveValueCommands<String, byte[]> values;
    private final StgConfig.Enrichment config;
    private final String redisHosts;

    /** @param checkedAtStartUp injected so that Quarkus checks REDIS_HOST/PORT/SCHEME while it reads its configuration */
    public OrderEnrichment(ReactiveRedisDataSource redis, StgConfig config, RedisSettings checkedAtStartUp,
            @ConfigProperty(name = "quarkus.redis.hosts") String redisHosts) {
        this.values = redis.value(byte[].class);
        this.config = config.enrichment();
        this.redisHosts = redisHosts;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Reference data: Redis %s", describe(redisHosts));
    }

    /** Host and port of each address, and whether over TLS: the URLs may hold a password. */
    static String describe(String hosts) {
        List<String> addresses = new ArrayList<>();
        for (String host : hosts.split(",")) {
            try {
                URI uri = new URI(host.strip());
                addresses.add(uri.getHost() + ":" + uri.getPort() + ("rediss".equals(uri.getScheme()) ? " over TLS" : ""));
            } catch (URISyntaxException e) {
                addresses.add("(an address that is not a valid URL)");
            }
        }
        return String.join(", ", addresses);
    }

    /** @return what became of each event, by order id */
    public Uni<Map<Long, Result>> enrich(List<OrderEvent> events) {
        return attempt(events, new HashMap<>(), 0);
    }

    private Uni<Map<Long, Result>> attempt(List<OrderEvent> events, Map<Long, Result> outcomes, int retry) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(outcomes);
        }
        return values.mget(referencedKeys(events)).chain(found -> {
            ReferenceSnapshot references = new ReferenceSnapshot(found);
            List<OrderEvent> unresolved = new ArrayList<>();
            for (OrderEvent event : events) {
                try {
                    outcomes.put(event.objectId(), new Enriched(OrderEnricher.enrich(event, references)));
                } catch (MissingReferenceException e) {
                    outcomes.put(event.objectId(), new Unresolved(e.getMessage()));
                    unresolved.add(event);
                }
            }
            if (unresolved.isEmpty() || retry >= config.retries()) {
                return Uni.createFrom().item(outcomes);
            }
            LOG.debugf("%d orders lack reference data; reading Redis again (retry %d of %d)",
                    unresolved.size(), retry + 1, config.retries());
            return Uni.createFrom().voidItem().onItem().delayIt().by(config.retryBackoff().multipliedBy(retry + 1))
                    .chain(() -> attempt(unresolved, outcomes, retry + 1));
        });
    }

    private static String[] referencedKeys(List<OrderEvent> events) {
        Set<String> keys = new LinkedHashSet<>();
        for (OrderEvent event : events) {
            keys.add(event.payload().userId());
            keys.add(event.payload().restaurantId());
        }
        return keys.toArray(String[]::new);
    }
}
