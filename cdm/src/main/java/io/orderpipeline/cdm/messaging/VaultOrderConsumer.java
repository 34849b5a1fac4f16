package io.orderpipeline.cdm.messaging;

import io.orderpipeline.cdm.mart.MartMaintenance;
import io.orderpipeline.runtime.delivery.BatchPipeline;
import io.orderpipeline.shared.message.MessageCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** dds-service-orders → the marts. Nothing is published: the batch is acknowledged once its transaction commits. */
@ApplicationScoped
public class VaultOrderConsumer {

    private final BatchPipeline pipeline;
    private final MartMaintenance marts;

    public VaultOrderConsumer(BatchPipeline pipeline, MartMaintenance marts) {
        this.pipeline = pipeline;
        this.marts = marts;
    }

    @Incoming("vault-orders")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return pipeline.batch(batch)
                .decode(MessageCodec::decodeVaultOrder)
                .newestPerOrder()
                .write(marts::apply)
                .acknowledge();
    }
}
