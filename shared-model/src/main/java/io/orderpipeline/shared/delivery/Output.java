package io.orderpipeline.shared.delivery;

/** One record a batch publishes to the service's outgoing topic. */
public record Output(String key, byte[] value) {
}
