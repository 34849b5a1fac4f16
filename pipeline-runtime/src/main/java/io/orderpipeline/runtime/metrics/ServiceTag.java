package io.orderpipeline.runtime.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Tags every meter of a service, the Kafka client's included, with the service's name, so that dashboards and
 * alerts add up the series of all its pods by {@code service} (each pod's series stays its own).
 */
@Singleton
public class ServiceTag {

    @Produces
    @Singleton
    MeterFilter serviceTag(@ConfigProperty(name = "quarkus.application.name") String service) {
        return MeterFilter.commonTags(List.of(Tag.of("service", service)));
    }
}
