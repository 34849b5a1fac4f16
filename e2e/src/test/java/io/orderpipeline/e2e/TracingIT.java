package io.orderpipeline.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.orderpipeline.e2e.OtlpReceiver.ReceivedSpan;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.sample.SampleOrders;
import io.orderpipeline.testsupport.sample.SampleReferenceData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One order's trace, exported over OTLP by each service to a receiver in the test: the W3C trace context the input
 * record carries travels through stg, dds and cdm, each hop's span of the order is in that trace, each batch's span
 * links to its records' spans, and the database and Redis calls are children of the batch's span.
 */
class TracingIT {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String UPSTREAM_SPAN = "00f067aa0ba902b7";

    @Test
    void oneOrdersTraceCrossesStgDdsAndCdmAndShowsWhereTheTimeWent() throws IOException {
        try (Devstack devstack = Devstack.start(DevstackOptions.defaults()); OtlpReceiver otlp = new OtlpReceiver()) {
            SampleReferenceData references = SampleReferenceData.generate(3, 5);
            try (ReferenceDataStore redis = ReferenceDataStore.of(devstack)) {
                redis.load(references);
            }
            SampleOrders.Message order = SampleOrders.finalStates(SampleOrders.generate(3, references,
                    SampleOrders.Options.clean(1, 777))).get(0);
            Map<String, String> tracing = Map.of(
                    "quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                    "quarkus.otel.exporter.otlp.traces.endpoint", otlp.endpoint(),
                    "quarkus.otel.bsp.schedule.delay", "100ms");
            PipelineStack.Options options = new PipelineStack.Options(EndToEndSupport.projectRoot(),
                    ServiceRuntime.configured(), 1, 1, 0, Map.of("stg", tracing, "dds", tracing, "cdm", tracing));
            try (PipelineStack stack = new PipelineStack(devstack, options).start()) {
                produceWithTraceParent(devstack, order.json(), "not an order".getBytes(StandardCharsets.UTF_8));
                stack.awaitDrained(Duration.ofMinutes(1));

                Map<String, ReceivedSpan> hops = awaitOrderSpans(otlp, order.event().objectId());
                assertThat(hops).containsOnlyKeys("stg-service", "dds-service", "cdm-service");
                hops.values().forEach(hop -> assertThat(hex(hop.span().getTraceId())).as(hop.service() + "'s span of "
                        + "the order").isEqualTo(TRACE_ID));
                assertThat(hex(hops.get("stg-service").span().getParentSpanId())).as("stg continues the upstream's "
                        + "trace through its receive span").isNotEmpty();

                for (ReceivedSpan hop : hops.values()) {
                    ReceivedSpan batch = batchOf(otlp, hop);
                    assertThat(batch.span().getLinksList()).as(hop.service() + "'s batch span links to the records' spans")
                            .anySatisfy(link -> assertThat(hex(link.getTraceId())).isEqualTo(TRACE_ID));
                    assertThat(otlp.spans()).as(hop.service() + ": the PostgreSQL calls under the batch span")
                            .anyMatch(childOf(batch, "db.statement"));
                }
                // Logs join traces: the dead letter's line names the trace of the batch it was in.
                String deadLetterLine = stack.instances("stg").get(0).logText().lines()
                        .filter(line -> line.contains("Dead-lettered")).findFirst().orElseThrow();
                String traceId = new ObjectMapper().readTree(deadLetterLine).path("mdc").path("traceId").asText();
                assertThat(otlp.spans()).as("the batch span of the trace the log line names")
                        .anyMatch(span -> span.service().equals("stg-service") && span.span().getName()
                                .equals(PipelineStack.INPUT + " process") && hex(span.span().getTraceId()).equals(traceId));
                assertThat(otlp.spans()).as("stg: the Redis calls under the batch span")
                        .anyMatch(childOf(batchOf(otlp, hops.get("stg-service")), "db.system")
                                .and(span -> attribute(span.span(), "db.system").orElseThrow().equals("redis")));
            }
        }
    }

    /** The order with the upstream's trace context in its headers, then a poison record without one. */
    private static void produceWithTraceParent(Devstack devstack, byte[] order, byte[] poison) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(devstack.kafka().clientConfig(),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(PipelineStack.INPUT, null, order);
            record.headers().add("traceparent",
                    ("00-" + TRACE_ID + "-" + UPSTREAM_SPAN + "-01").getBytes(StandardCharsets.US_ASCII));
            producer.send(record);
            producer.send(new ProducerRecord<>(PipelineStack.INPUT, null, poison));
            producer.flush();
        }
    }

    /** Each service's span of this order ("<topic> process order", attribute order.id). */
    private static Map<String, ReceivedSpan> awaitOrderSpans(OtlpReceiver otlp, long orderId) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            Map<String, ReceivedSpan> hops = new TreeMap<>();
            for (ReceivedSpan received : otlp.spans()) {
                if (received.span().getName().endsWith(" process order")
                        && attribute(received.span(), "order.id").map(value -> value.equals(Long.toString(orderId)))
                        .orElse(false)) {
                    hops.put(received.service(), received);
                }
            }
            if (hops.size() == 3 || Instant.now().isAfter(deadline)) {
                return hops;
            }
            sleep();
        }
    }

    /** The span of the batch the order's span links to. */
    private static ReceivedSpan batchOf(OtlpReceiver otlp, ReceivedSpan order) {
        List<String> linked = order.span().getLinksList().stream().map(link -> hex(link.getSpanId())).toList();
        return otlp.spans().stream()
                .filter(span -> span.service().equals(order.service()) && linked.contains(hex(span.span().getSpanId())))
                .findFirst().orElseThrow(() -> new AssertionError(order.service() + ": no batch span linked"));
    }

    /** A client call under the span: a database statement (PostgreSQL's spans say db.statement) or a Redis command. */
    private static Predicate<ReceivedSpan> childOf(ReceivedSpan parent, String attribute) {
        return span -> span.service().equals(parent.service())
                && hex(span.span().getParentSpanId()).equals(hex(parent.span().getSpanId()))
                && span.span().getKind() == Span.SpanKind.SPAN_KIND_CLIENT
                && attribute(span.span(), attribute).isPresent();
    }

    private static Optional<String> attribute(Span span, String key) {
        for (KeyValue attribute : span.getAttributesList()) {
            if (attribute.getKey().equals(key)) {
                return Optional.of(attribute.getValue().hasIntValue()
                        ? Long.toString(attribute.getValue().getIntValue()) : attribute.getValue().getStringValue());
            }
        }
        return Optional.empty();
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
