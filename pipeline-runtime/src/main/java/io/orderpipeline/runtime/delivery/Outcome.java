package io.orderpipeline.runtime.delivery;

import io.orderpipeline.shared.deadletter.DeadLetterCause;

/**
 * What became of one message of a batch once the service's transaction has committed. The engine counts, logs,
 * publishes and dead-letters by these; a service never computes a count of its own.
 */
public sealed interface Outcome {

    /** Stored, and this record goes to the service's outgoing topic. */
    static Outcome publish(String key, byte[] value) {
        return new Publish(key, value);
    }

    /** Stored; the service publishes nothing for it. */
    static Outcome stored() {
        return Stored.STORED;
    }

    /** Skipped: not newer than what is stored, so it changes nothing. */
    static Outcome stale(String reason) {
        return new Stale(reason);
    }

    /** Not stored: goes to the dead-letter topic. */
    static Outcome deadLetter(DeadLetterCause cause, String reason) {
        return new DeadLettered(cause, reason);
    }

    record Publish(String key, byte[] value) implements Outcome {
    }

    enum Stored implements Outcome {
        STORED
    }

    record Stale(String reason) implements Outcome {
    }

    record DeadLettered(DeadLetterCause cause, String reason) implements Outcome {
    }
}
