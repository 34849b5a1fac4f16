package io.orderpipeline.runtime.delivery;

/**
 * What a decoder made of one record that is not invalid: a message to process, or a record to skip on purpose
 * (counted and logged, neither processed nor dead-lettered). An invalid record is an
 * {@link io.orderpipeline.shared.message.InvalidMessageException} instead, and goes to the dead-letter topic.
 */
public sealed interface Decoding<T> {

    static <T> Decoding<T> of(T message) {
        return new Decoded<>(message);
    }

    static <T> Decoding<T> skip(String reason) {
        return new Skipped<>(reason);
    }

    record Decoded<T>(T message) implements Decoding<T> {
    }

    record Skipped<T>(String reason) implements Decoding<T> {
    }
}
