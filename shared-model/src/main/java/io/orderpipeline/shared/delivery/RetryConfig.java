package io.orderpipeline.shared.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a batch is retried while PostgreSQL, Redis or Kafka is unreachable: with back-off, for ever. */
@ConfigMapping(prefix = "pipeline.retry")
public interface RetryConfig {

    /** The first pause after a failed attempt. */
    @WithDefault("PT0.2S")
    Duration initialBackoff();

    /** The longest pause between attempts. */
    @WithDefault("PT10S")
    Duration maxBackoff();
}
