package io.orderpipeline.e2e.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunOptionsTest {

    @Test
    void everyFlagHasADefault() {
        RunOptions options = RunOptions.parse();

        assertThat(options.orders()).isEqualTo(5000);
        assertThat(options.prometheus()).isFalse();
        assertThat(options.kafkaPort()).isEqualTo(9092);
    }

    @Test
    void readsFlagsFromOneStringAsMavenPassesThem() {
        RunOptions options = RunOptions.parse("--orders 20000 --rate 200  --prometheus --instances 2");

        assertThat(options.orders()).isEqualTo(20000);
        assertThat(options.rate()).isEqualTo(200);
        assertThat(options.prometheus()).isTrue();
        assertThat(options.instances()).isEqualTo(2);
    }

    @Test
    void aWrongFlagIsNamed() {
        assertThatThrownBy(() -> RunOptions.parse("--orders", "-3")).hasMessageContaining("--orders takes a positive");
        assertThatThrownBy(() -> RunOptions.parse("--kafka-port 70000")).hasMessageContaining("--kafka-port");
        assertThatThrownBy(() -> RunOptions.parse("--prometeus")).hasMessageContaining("unknown option --prometeus");
    }
}
