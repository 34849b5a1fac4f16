package io.orderpipeline.shared.settings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionReportTest {

    @Test
    void showsHostPortAndDatabaseButNeverCredentialsOrOptions() {
        assertThat(ConnectionReport.hostAndDatabase("postgresql://pg.example:6432/warehouse"))
                .isEqualTo("pg.example:6432/warehouse");
        assertThat(ConnectionReport.hostAndDatabase("postgresql://stg:hunter2@pg.example:5432/warehouse?password=hunter2"))
                .isEqualTo("pg.example:5432/warehouse");
        assertThat(ConnectionReport.hostAndDatabase("not a url")).doesNotContain("not a url");
    }
}
