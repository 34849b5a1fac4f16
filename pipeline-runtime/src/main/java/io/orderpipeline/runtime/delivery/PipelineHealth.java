package io.orderpipeline.runtime.delivery;

import io.orderpipeline.runtime.logging.LogText;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;

/**
 * Readiness of the pipeline itself: DOWN while a batch keeps failing for want of a server and is being retried,
 * with the last failure, so that an operator sees why nothing moves.
 */
@Readiness
@ApplicationScoped
public class PipelineHealth implements HealthCheck {

    private volatile Instant failingSince;
    private volatile String lastFailure;
    private volatile Instant lastBatchAt;

    void failed(String failure) {
        if (failingSince == null) {
            failingSince = Instant.now();
        }
        lastFailure = LogText.of(failure, 300);
    }

    void succeeded() {
        failingSince = null;
        lastBatchAt = Instant.now();
    }

    /** False while a batch is being retried for want of a server. */
    boolean ready() {
        return failingSince == null;
    }

    @Override
    public HealthCheckResponse call() {
        Instant since = failingSince;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("order pipeline").status(since == null);
        if (since != null) {
            response.withData("failing-since", since.toString()).withData("last-failure", lastFailure);
        }
        Instant last = lastBatchAt;
        if (last != null) {
            response.withData("last-batch-at", last.toString());
        }
        return response.build();
    }
}
