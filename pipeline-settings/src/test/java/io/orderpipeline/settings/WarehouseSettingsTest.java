package io.orderpipeline.settings;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseSettingsTest {

    @Test
    void readsTheOriginalVariables() {
        WarehouseSettings settings = settings(Map.of("PG_HOST", "pg.example", "PG_PORT", "6432",
                "PG_DB_NAME", "dwh", "PG_USER", "stg", "PG_PASSWORD", "secret"));

        assertThat(settings.host()).isEqualTo("pg.example");
        assertThat(settings.port()).isEqualTo(6432);
        assertThat(settings.dbName()).isEqualTo("dwh");
        assertThat(settings.user()).isEqualTo("stg");
        assertThat(settings.password()).isEqualTo("secret");
    }

    @Test
    void defaultsToTheLocalDevstackButForThePassword() {
        WarehouseSettings settings = settings(Map.of("PG_PASSWORD", "secret"));

        assertThat(settings.host()).isEqualTo("localhost");
        assertThat(settings.port()).isEqualTo(5432);
        assertThat(settings.dbName()).isEqualTo("warehouse");
        assertThat(settings.user()).isEqualTo("postgres");
    }

    @Test
    void aMissingPasswordOrAPortThatIsNotANumberNamesTheSetting() {
        assertThatThrownBy(() -> settings(Map.of("PG_HOST", "pg.example")))
                .hasMessageContaining("pg.password is required");
        assertThatThrownBy(() -> settings(Map.of("PG_PASSWORD", "secret", "PG_PORT", "five")))
                .hasMessageContaining("pg.port").hasMessageContaining("five").hasMessageNotContaining("secret");
    }

    private static WarehouseSettings settings(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(environment, 300) {
                })
                .withMapping(WarehouseSettings.class)
                .build();
        return config.getConfigMapping(WarehouseSettings.class);
    }
}
