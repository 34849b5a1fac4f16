package io.orderpipeline.stg.messaging;

import io.orderpipeline.testsupport.kafka.Topics;
import io.orderpipeline.testsupport.orders.TestOrders.Upstream;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.stack.DevstackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.json;
import static io.orderpipeline.testsupport.orders.TestOrders.Upstream.version;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Prometheus scrapes: the pipeline's series from start-up, whether or not a record has come yet, each cause of
 * dead letter among them, latencies as histograms with buckets (which add up across replicas), all tagged with the
 * service. deploy/monitoring's queries are checked against a real Prometheus by the end-to-end MonitoringIT.
 */
@QuarkusTest
@WithTestResource(DevstackResource.class)
@Tag(DevstackResource.TAG)
class MetricsTest {

    private static final String SERVICE = "service=\"stg-service\"";

    @Test
    void thePipelinesSeriesExistFromStartUpTaggedWithTheService() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        for (String counter : new String[] {"pipeline_records_consumed_total", "pipeline_records_stored_total",
                "pipeline_records_published_total", "pipeline_records_skipped_total", "pipeline_batch_retries_total",
                "pipeline_batch_splits_total"}) {
            assertThat(metrics).contains(counter + "{" + SERVICE + "}");
        }
        for (String cause : new String[] {"invalid_message", "unknown_reference", "rejected_by_database",
                "output_too_large", "processing_failed"}) {
            assertThat(metrics).contains("pipeline_records_dead_lettered_total{cause=\"" + cause + "\"," + SERVICE);
        }
        assertThat(metrics).contains("pipeline_batch_duration_seconds_bucket{", "pipeline_hop_latency_seconds_bucket{",
                "pipeline_end_to_end_latency_seconds_bucket{", "pipeline_batch_size_bucket{");
        assertThat(metrics).contains("pipeline_ready{" + SERVICE + "} 1.0");
    }

    @Test
    void theConsumersLagIsScrapedPerTopicAndPartitionTaggedWithTheService() {
        try (ReferenceDataStore redis = ReferenceDataStore.of(DevstackResource.devstack());
                Topics topics = new Topics(DevstackResource.devstack().kafka())) {
            redis.put(Upstream.USER);
            redis.put(Upstream.RESTAURANT);
            topics.send(OrderEventProcessorTest.INPUT, null, json(version(9901, 1, "CLOSED")));
            topics.awaitOne(OrderEventProcessorTest.OUTPUT, record -> "9901".equals(record.key()));
        }

        // How soon it appears after a fetch is KafkaClientMetersTest's (here the application may have run for minutes).
        String metrics = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().when().get("/q/metrics").asString(),
                        text -> text.contains("kafka_consumer_fetch_manager_records_lag{"));
        assertThat(metrics.lines().filter(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag{")))
                .as("the consumer's lag, per topic and partition, tagged with the service")
                .anySatisfy(line -> assertThat(line).contains("topic=\"order-service_orders\"")
                        .contains("partition=\"0\"").contains(SERVICE));
    }
}
