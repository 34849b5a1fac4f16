package io.orderpipeline.shared.message;

/**
 * A message about one version of one order. Every layer keeps the newest version of each order, so a batch is
 * collapsed to the newest version per {@link #orderId()} before it is written.
 */
public interface VersionedOrder {

    long orderId();

    OrderVersion version();
}
