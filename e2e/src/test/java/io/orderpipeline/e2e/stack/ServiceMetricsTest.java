package io.orderpipeline.e2e.stack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceMetricsTest {

    @Test
    void addsUpEachCounterOverItsTagsAndReadsTheValueBeforeAnExemplar() {
        ServiceMetrics metrics = ServiceMetrics.parse("""
                # TYPE pipeline_records_consumed_total counter
                pipeline_records_consumed_total{service="stg-service"} 7934.0
                pipeline_records_stored_total{service="stg-service"} 3602.0 # {span_id="6f16",trace_id="3986"} 14.0 1795994563.105
                pipeline_records_dead_lettered_total{cause="invalid_message",service="stg-service"} 4.0
                pipeline_records_dead_lettered_total{cause="unknown_reference",service="stg-service"} 2.0
                pipeline_records_skipped_total 11
                """);

        assertThat(metrics).isEqualTo(new ServiceMetrics(7934, 3602, 0, 11, 6));
    }
}
