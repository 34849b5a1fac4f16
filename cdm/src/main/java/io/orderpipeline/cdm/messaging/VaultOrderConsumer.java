package io.orderpipeline.cdm.messaging;

import io.orderpipeline.cdm.mart.MartUpdate;
import io.orderpipeline.cdm.mart.OrderState;
import io.orderpipeline.cdm.persistence.MartRepository;
import io.orderpipeline.shared.delivery.BatchPipeline;
import io.orderpipeline.shared.delivery.BatchResult;
import io.orderpipeline.shared.delivery.DecodedBatch;
import io.orderpipeline.shared.delivery.SourceRecord;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.VaultOrder;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * dds-service-orders → cdm marts. Per batch: the newest version of each order, applied to the marts in one
 * transaction; there is nothing to publish, so the batch is acknowledged once that transaction (and any dead
 * letter) is done.
 */
@ApplicationScoped
public class VaultOrderConsumer {

    private static final Logger LOG = Logger.getLogger(VaultOrderConsumer.class);

    private final BatchPipeline pipeline;
    private final MartRepository marts;

    public VaultOrderConsumer(BatchPipeline pipeline, MartRepository marts) {
        this.pipeline = pipeline;
        this.marts = marts;
    }

    @Incoming("vault-orders")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return pipeline.consume(batch, this::apply);
    }

    Uni<BatchResult> apply(List<SourceRecord> records) {
        DecodedBatch<VaultOrder> orders = DecodedBatch.decode(records, MessageCodec::decodeVaultOrder)
                .newestPer(VaultOrder::orderKey, VaultOrder::version);
        return marts.applyNewest(orders.map(order -> order))
                .map(update -> result(records.size(), orders, update));
    }

    /** Skipped: versions superseded within the batch, and those not newer than the stored one. */
    private static BatchResult result(int records, DecodedBatch<VaultOrder> orders, MartUpdate update) {
        Set<UUID> changed = update.changedOrders().stream().map(OrderState::orderKey).collect(Collectors.toSet());
        if (LOG.isDebugEnabled()) {
            for (DecodedBatch.Decoded<VaultOrder> decoded : orders.messages()) {
                VaultOrder order = decoded.message();
                if (!changed.contains(order.orderKey())) {
                    LOG.debugf("Skipped %s: order %d version %s is not newer than the stored one",
                            decoded.source(), order.orderId(), order.version());
                }
            }
        }
        int skipped = records - orders.deadLetters().size() - changed.size();
        return new BatchResult(List.of(), orders.deadLetters(), skipped, changed.size());
    }
}
