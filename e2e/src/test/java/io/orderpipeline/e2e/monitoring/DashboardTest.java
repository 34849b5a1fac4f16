package io.orderpipeline.e2e.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardTest {

    @Test
    void readsEveryPanelsQueriesFromTheShippedDashboard() {
        Dashboard dashboard = Dashboard.read(ServiceRuntime.projectRoot().resolve("deploy/monitoring/dashboard.json"));

        assertThat(dashboard.panels()).extracting(Dashboard.Panel::title).contains("Throughput per stage",
                "Consumer lag", "End-to-end latency", "Dead letters by cause", "Retried batches", "Records per batch");
        assertThat(dashboard.panels()).allSatisfy(panel -> assertThat(panel.queries()).isNotEmpty()
                .allSatisfy(query -> assertThat(query.promql()).isNotBlank()));
    }

    @Test
    void grafanasRateIntervalIsFourScrapeIntervals() {
        Dashboard.Query query = new Dashboard.Query("rate(x_total[$__rate_interval])", "{{service}}");

        assertThat(query.expression(Duration.ofSeconds(15))).isEqualTo("rate(x_total[60s])");
    }

    @Test
    void theLegendNamesEachSeriesByItsLabels() throws Exception {
        var labels = new ObjectMapper().readTree("{\"service\": \"stg-service\", \"cause\": \"invalid_message\"}");

        assertThat(Dashboard.legend("{{service}} {{ cause }}", labels)).isEqualTo("stg-service invalid_message");
        assertThat(Dashboard.legend("p99", labels)).isEqualTo("p99");
    }
}
