package io.orderpipeline.shared.deadletter;

/**
 * The Kafka headers of a dead letter, as the services write them and the operations tool reads them. The record's
 * key and value are those of the record that could not be processed; the names follow SmallRye's own dead-letter
 * queue, so existing tooling reads them too.
 */
public final class DeadLetterHeaders {

    /** Why, in words, naming the field: {@code field 'payload.order_items': is null}. At most 1,000 characters. */
    public static final String REASON = "dead-letter-reason";
    /** One of {@link DeadLetterCause}. */
    public static final String CAUSE = "dead-letter-cause";
    /** The topic, partition and offset the record was consumed from: where a re-drive sends it back to. */
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /**
     * Present only when the value had to be cut to fit the broker's limit: the size of the whole value in bytes,
     * and its SHA-256 in hex. A cut record cannot be re-driven; these identify it in the source topic.
     */
    public static final String ORIGINAL_SIZE = "dead-letter-original-size";
    public static final String ORIGINAL_SHA256 = "dead-letter-original-sha256";

    private DeadLetterHeaders() {
    }
}
