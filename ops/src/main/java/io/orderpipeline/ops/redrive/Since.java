package io.orderpipeline.ops.redrive;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code --since}: an instant ({@code 2026-11-30T04:00:00Z}) or how long ago ({@code PT6H}, {@code P1D}). */
class Since implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Instant.now().minus(Duration.parse(value));
            } catch (DateTimeParseException notADuration) {
                throw new TypeConversionException("'" + value + "' is neither an instant (2026-11-30T04:00:00Z) "
                        + "nor a duration ago (PT6H, P1D)");
            }
        }
    }
}
