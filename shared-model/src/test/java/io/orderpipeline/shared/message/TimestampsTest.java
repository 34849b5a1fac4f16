package io.orderpipeline.shared.message;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampsTest {

    @Test
    void readsTheUpstreamFormAndItsVariants() {
        LocalDateTime expected = LocalDateTime.of(2023, 4, 1, 20, 45, 43);

        assertThat(Timestamps.parse("2023-04-01 20:45:43")).isEqualTo(expected);
        assertThat(Timestamps.parse("2023-04-01T20:45:43")).isEqualTo(expected);
        assertThat(Timestamps.parse("2023-04-01 20:45:43.250")).isEqualTo(expected.withNano(250_000_000));
    }

    @Test
    void writesWhatItReads() {
        assertThat(Timestamps.format(Timestamps.parse("2023-04-01 20:45:43"))).isEqualTo("2023-04-01 20:45:43");
        assertThat(Timestamps.format(Timestamps.parse("2023-04-01 20:45:43.5"))).isEqualTo("2023-04-01 20:45:43.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-30 10:00:00", "2023-13-01 10:00:00", "2023-04-01 24:00:00", "2023-04-0x 20:45:43",
            "yesterday", "2023-04-01"})
    void rejectsWhatIsNotATimestamp(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
