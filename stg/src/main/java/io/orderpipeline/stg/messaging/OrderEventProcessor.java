package io.orderpipeline.stg.messaging;

import io.orderpipeline.runtime.delivery.BatchPipeline;
import io.orderpipeline.runtime.delivery.Decoding;
import io.orderpipeline.shared.message.IncomingEvent;
import io.orderpipeline.shared.message.InvalidMessageException;
import io.orderpipeline.shared.message.MessageCodec;
import io.orderpipeline.shared.message.OrderEvent;
import io.orderpipeline.stg.config.StgConfig;
import io.orderpipeline.stg.staging.OrderStaging;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** order-service_orders → stg.order_events, enriched from Redis → stg-service-orders. */
@ApplicationScoped
public class OrderEventProcessor {

    private final BatchPipeline pipeline;
    private final OrderStaging staging;
    private final int maxItemsPerOrder;

    public OrderEventProcessor(BatchPipeline pipeline, OrderStaging staging, StgConfig config) {
        this.pipeline = pipeline;
        this.staging = staging;
        this.maxItemsPerOrder = config.maxItemsPerOrder();
    }

    @Incoming("raw-orders")
    @Outgoing("enriched-orders")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Multi<Message<byte[]>> process(KafkaRecordBatch<String, byte[]> batch) {
        return pipeline.batch(batch)
                .decodeOrSkip(this::ordersOnly)
                .newestPerOrder()
                .write(staging::stage)
                .publish();
    }

    /** The upstream topic carries other objects too: those are skipped and counted, not failed. */
    Decoding<OrderEvent> ordersOnly(byte[] json) {
        IncomingEvent event = MessageCodec.decodeIncomingEvent(json);
        if (event instanceof IncomingEvent.Order order) {
            int items = order.event().payload().orderItems().size();
            if (items > maxItemsPerOrder) {
                throw new InvalidMessageException("payload.order_items", "has " + items + " items, more than the "
                        + maxItemsPerOrder + " an order may have (stg.max-items-per-order)");
            }
            return Decoding.of(order.event());
        }
        return Decoding.skip("object_type '" + ((IncomingEvent.Other) event).objectType() + "' is not an order");
    }
}
