package io.orderpipeline.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevstackOptionsTest {

    @Test
    void readsEveryFlagInBothForms() {
        DevstackOptions options = DevstackOptions.fromArgs(
                "--kafka-port", "9092", "--postgres-port=5432", "--redis-port", "6379", "--data-dir=.run/devstack");

        assertThat(options).isEqualTo(new DevstackOptions(9092, 5432, 6379, Path.of(".run/devstack")));
    }

    @Test
    void flagsNotGivenKeepTheirDefaults() {
        assertThat(DevstackOptions.fromArgs("--redis-port", "6380"))
                .isEqualTo(DevstackOptions.defaults().withRedisPort(6380));
        assertThat(DevstackOptions.fromArgs()).isEqualTo(new DevstackOptions(0, 0, 0, null));
    }

    @Test
    void rejectsWhatItCannotUse() {
        assertThatThrownBy(() -> DevstackOptions.fromArgs("--zookeeper-port", "2181"))
                .hasMessageStartingWith("Unknown option --zookeeper-port");
        assertThatThrownBy(() -> DevstackOptions.fromArgs("--kafka-port", "ninety"))
                .hasMessage("--kafka-port needs a port number, not 'ninety'");
        assertThatThrownBy(() -> DevstackOptions.fromArgs("--redis-port"))
                .hasMessage("--redis-port needs a value");
        assertThatThrownBy(() -> DevstackOptions.defaults().withPostgresPort(70_000))
                .hasMessageStartingWith("--postgres-port must be between 0");
    }

    @Test
    void aSecuredStackIsPlainOtherwiseAndNeedsATemporaryDirectory() {
        assertThat(DevstackOptions.defaults().secured()).isFalse();
        assertThat(DevstackOptions.defaults().withSecured(true).withKafkaPort(9093))
                .isEqualTo(new DevstackOptions(9093, 0, 0, null, true, false));
        assertThatThrownBy(() -> DevstackOptions.defaults().withSecured(true).withDurablePostgres(true))
                .hasMessageContaining("no secured variant");
        assertThatThrownBy(() -> DevstackOptions.defaults().withSecured(true).withDataDirectory(Path.of("kept")))
                .hasMessageContaining("cannot reuse the data directory kept");
    }
}
