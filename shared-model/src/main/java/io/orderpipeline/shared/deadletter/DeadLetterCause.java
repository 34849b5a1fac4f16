package io.orderpipeline.shared.deadletter;

/**
 * Why a record was dead-lettered: the {@value DeadLetterHeaders#CAUSE} header, and the {@code cause} tag of the
 * dead-letter metric (lower case). Every cause is a property of the record, never of the infrastructure: an outage
 * is retried, not dead-lettered.
 */
public enum DeadLetterCause {

    /** Not JSON, or a field missing, of the wrong type or breaking a business rule (the reason names it). */
    INVALID_MESSAGE,
    /** A user, restaurant or menu item that Redis does not hold after the bounded re-reads: re-drive it later. */
    UNKNOWN_REFERENCE,
    /** Well-formed, but PostgreSQL rejects its data (a constraint, a value or size it cannot store). */
    REJECTED_BY_DATABASE,
    /** Its output would be larger than the broker accepts: dead-lettered before anything was stored for it. */
    OUTPUT_TOO_LARGE,
    /** It made processing fail the same way, attempt after attempt, while every server was reachable. */
    PROCESSING_FAILED
}
