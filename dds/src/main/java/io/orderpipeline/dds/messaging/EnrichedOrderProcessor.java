package io.orderpipeline.dds.messaging;

import io.orderpipeline.dds.persistence.VaultRepository;
import io.orderpipeline.dds.vault.VaultOrders;
import io.orderpipeline.dds.vault.VaultRows;
import io.orderpipeline.shared.delivery.BatchPipeline;
import io.orderpipeline.shared.delivery.BatchResult;
import io.orderpipeline.shared.delivery.DecodedBatch;
import io.orderpipeline.shared.delivery.Output;
import io.orderpipeline.shared.delivery.SourceRecord;
import io.orderpipeline.shared.message.EnrichedOrder;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.shared.message.VaultOrder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * stg-service-orders → dds hubs, links and satellites → dds-service-orders. Per batch: one transaction
 * that writes every table, then one publish of each order version, keyed by its user's hub key.
 */
@ApplicationScoped
public class EnrichedOrderProcessor {

    private static final Logger LOG = Logger.getLogger(EnrichedOrderProcessor.class);

    private final BatchPipeline pipeline;
    private final VaultRepository repository;

    public EnrichedOrderProcessor(BatchPipeline pipeline, VaultRepository repository) {
        this.pipeline = pipeline;
        this.repository = repository;
    }

    @Incoming("enriched-orders")
    @Outgoing("vault-orders")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<byte[]>> process(KafkaRecordBatch<String, byte[]> batch) {
        return pipeline.process(batch, this::load);
    }

    /**
     * Every order version that decoded is published, also one older than what the vault holds: the vault
     * keeps history, not "the newest version of an order", and cdm is the authority for version order in
     * the marts. A replay is published again, since the first attempt may have died before publishing.
     */
    Uni<BatchResult> load(List<SourceRecord> records) {
        DecodedBatch<EnrichedOrder> orders = DecodedBatch.decode(records, MessageCodec::decodeEnrichedOrder)
                .select(EnrichedOrderProcessor::orderOnly)
                .newestPer(EnrichedOrder::objectId, EnrichedOrder::version);
        // Not orders, and versions superseded by a newer one of the same order in this batch (they change nothing).
        int skipped = records.size() - orders.deadLetters().size() - orders.size();
        if (orders.size() == 0) {
            return Uni.createFrom().item(new BatchResult(List.of(), orders.deadLetters(), skipped, 0));
        }
        List<EnrichedOrder> newest = orders.map(order -> order);
        // One channel, one topic: every record of the batch came from it.
        String loadSrc = orders.messages().get(0).source().topic();
        return repository.store(VaultRows.of(newest), loadSrc).map(added -> {
            LOG.debugf("Loaded %d orders into the vault: %d rows added", newest.size(), added);
            return new BatchResult(orders.map(EnrichedOrderProcessor::output), orders.deadLetters(), skipped,
                    newest.size());
        });
    }

    /** stg forwards orders only; anything else is skipped and counted here too, never loaded as an order. */
    private static Optional<EnrichedOrder> orderOnly(DecodedBatch.Decoded<EnrichedOrder> decoded) {
        if (OrderEvent.ORDER_TYPE.equals(decoded.message().objectType())) {
            return Optional.of(decoded.message());
        }
        LOG.debugf("Skipped %s: object_type '%s' is not an order", decoded.source(), decoded.message().objectType());
        return Optional.empty();
    }

    private static Output output(EnrichedOrder order) {
        VaultOrder vaultOrder = VaultOrders.of(order);
        return new Output(vaultOrder.kafkaKey(), MessageCodec.encode(vaultOrder));
    }
}
