package io.orderpipeline.runtime.delivery;

/**
 * A failure that says nothing about the data and goes away by itself, such as a race with another instance
 * that a retry sees past. The engine retries it like an outage, without limit and without dead-lettering.
 */
public class TransientFailure extends RuntimeException {

    public TransientFailure(String message) {
        super(message);
    }
}
