package io.orderpipeline.dds.messaging;

import io.orderpipeline.dds.vault.VaultLoad;
import io.orderpipeline.runtime.delivery.BatchPipeline;
import io.orderpipeline.shared.message.MessageCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** stg-service-orders → dds hubs, links and satellites → dds-service-orders, keyed by user. */
@ApplicationScoped
public class EnrichedOrderProcessor {

    private final BatchPipeline pipeline;
    private final VaultLoad vault;

    public EnrichedOrderProcessor(BatchPipeline pipeline, VaultLoad vault) {
        this.pipeline = pipeline;
        this.vault = vault;
    }

    @Incoming("enriched-orders")
    @Outgoing("vault-orders")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<byte[]>> process(KafkaRecordBatch<String, byte[]> batch) {
        return pipeline.batch(batch)
                .decode(MessageCodec::decodeEnrichedOrder)
                .newestPerOrder()
                .write(vault::load)
                .publish();
    }
}
