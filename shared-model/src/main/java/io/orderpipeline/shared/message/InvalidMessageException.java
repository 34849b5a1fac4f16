package io.orderpipeline.shared.message;

/**
 * A message that cannot be processed because of what it says, not because of the infrastructure.
 * It goes to the dead-letter topic with {@link #getMessage()} as the reason; retrying cannot help.
 */
public class InvalidMessageException extends RuntimeException {

    private final String field;

    public InvalidMessageException(String field, String problem) {
        super(field == null ? problem : "field '" + field + "': " + problem);
        this.field = field;
    }

    public InvalidMessageException(String field, String problem, Throwable cause) {
        super(field == null ? problem : "field '" + field + "': " + problem, cause);
        this.field = field;
    }

    /** The JSON path of the offending field ({@code payload.user.id}), or null for the message as a whole. */
    public String field() {
        return field;
    }
}
