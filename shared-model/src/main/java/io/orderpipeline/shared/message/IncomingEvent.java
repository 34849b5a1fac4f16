package io.orderpipeline.shared.message;

/**
 * What the input topic carries: an order, or an object of another type that the pipeline skips.
 */
public sealed interface IncomingEvent {

    record Order(OrderEvent event) implements IncomingEvent {
    }

    /** Not an order: skipped and counted, neither stored nor dead-lettered. */
    record Other(String objectType) implements IncomingEvent {
    }
}
