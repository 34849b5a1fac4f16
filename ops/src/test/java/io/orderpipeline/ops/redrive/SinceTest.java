package io.orderpipeline.ops.redrive;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinceTest {

    private final Since since = new Since();

    @Test
    void anInstantIsThatInstant() {
        assertThat(since.convert("2026-11-30T04:00:00Z")).isEqualTo(Instant.parse("2026-11-30T04:00:00Z"));
    }

    @Test
    void aDurationIsThatLongAgo() {
        Instant sixHoursAgo = Instant.now().minus(Duration.ofHours(6));

        assertThat(since.convert("PT6H")).isBetween(sixHoursAgo.minusSeconds(5), sixHoursAgo.plusSeconds(5));
    }

    @Test
    void anythingElseSaysWhatItMayBe() {
        assertThatThrownBy(() -> since.convert("yesterday")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'yesterday' is neither an instant").hasMessageContaining("PT6H");
    }
}
