package io.orderpipeline.runtime.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void aLineBreakCannotStartALogLineOfItsOwn() {
        String forged = "2023-04-01 20:45:43\n2026-11-29 20:00:00,000 INFO  [io.quarkus] (main) FORGED LOG LINE";

        assertThat(LogText.of(forged)).doesNotContain("\n")
                .isEqualTo("2023-04-01 20:45:43\\n2026-11-29 20:00:00,000 INFO  [io.quarkus] (main) FORGED LOG LINE");
    }

    @Test
    void otherControlCharactersAndBackslashesAreEscapedTooSoTheEscapesAreUnambiguous() {
        assertThat(LogText.of("a\r\tb\u001b[31mc\\n\u2028")).isEqualTo("a\\r\\tb\\u001b[31mc\\\\n\\u2028");
    }

    @Test
    void aLongTextIsCutSayingHowMuchIsLeftOut() {
        assertThat(LogText.of("x".repeat(5_000), 10)).isEqualTo("xxxxxxxxxx… (4990 more characters)");
        assertThat(LogText.of("Котова", 10)).isEqualTo("Котова");
    }
}
