package io.orderpipeline.ops;

import java.util.Locale;

/**
 * The three services as the operations tool sees them: each consumes one topic in the consumer group of its name
 * and dead-letters to {@code <name>-dlq}. These are the services' defaults (KAFKA_SOURCE_TOPIC and
 * KAFKA_CONSUMER_GROUP change them for a service, not for this tool).
 */
public enum PipelineService {

    STG("order-service_orders"),
    DDS("stg-service-orders"),
    CDM("dds-service-orders");

    private final String sourceTopic;

    PipelineService(String sourceTopic) {
        this.sourceTopic = sourceTopic;
    }

    /** The service's name: its application name and its consumer group. */
    public String serviceName() {
        return name().toLowerCase(Locale.ROOT) + "-service";
    }

    public String sourceTopic() {
        return sourceTopic;
    }

    public String deadLetterTopic() {
        return serviceName() + "-dlq";
    }
}
