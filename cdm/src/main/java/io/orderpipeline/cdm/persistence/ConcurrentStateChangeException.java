package io.orderpipeline.cdm.persistence;

import io.orderpipeline.runtime.delivery.TransientFailure;

/**
 * Another transaction stored the state of an order that this one found missing, so this transaction's deltas
 * were computed from a state that is no longer the stored one. Not a problem of the data: the engine rolls back
 * and retries the batch, which then reads the state the other transaction stored.
 */
public class ConcurrentStateChangeException extends TransientFailure {

    ConcurrentStateChangeException(int orders) {
        super(orders + " order(s) of the batch were stored by another transaction meanwhile");
    }
}
