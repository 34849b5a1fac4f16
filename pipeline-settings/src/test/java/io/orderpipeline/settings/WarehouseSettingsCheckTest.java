package io.orderpipeline.settings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarehouseSettingsCheckTest {

    @Test
    void showsHostPortAndDatabaseButNeverCredentialsOrOptions() {
        assertThat(WarehouseSettingsCheck.hostAndDatabase("postgresql://pg.example:6432/warehouse"))
                .isEqualTo("pg.example:6432/warehouse");
        assertThat(WarehouseSettingsCheck.hostAndDatabase("postgresql://pg.example/warehouse"))
                .isEqualTo("pg.example/warehouse");
        assertThat(WarehouseSettingsCheck.hostAndDatabase("postgresql://stg:hunter2@pg.example:5432/warehouse?password=hunter2"))
                .isEqualTo("pg.example:5432/warehouse");
        assertThat(WarehouseSettingsCheck.hostAndDatabase("not a url")).doesNotContain("not a url");
    }
}
