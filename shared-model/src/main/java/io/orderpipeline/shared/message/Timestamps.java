package io.orderpipeline.shared.message;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * The pipeline's timestamps: UTC wall-clock time without a zone, written {@code 2023-04-01 20:45:43}
 * (fractions of a second and an ISO {@code T} separator are accepted on input).
 */
public final class Timestamps {

    private static final DateTimeFormatter INPUT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .toFormatter();

    private static final DateTimeFormatter OUTPUT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private Timestamps() {
    }

    /** @throws DateTimeParseException when the text is not a timestamp of that form */
    public static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text, INPUT);
    }

    public static String format(LocalDateTime timestamp) {
        return OUTPUT.format(timestamp);
    }
}
