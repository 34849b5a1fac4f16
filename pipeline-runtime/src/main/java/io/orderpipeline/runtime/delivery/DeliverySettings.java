package io.orderpipeline.runtime.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the engine retries and how large a record it may publish ({@code pipeline.*}). */
@ConfigMapping(prefix = "pipeline")
public interface DeliverySettings {

    Retry retry();

    /**
     * The largest record (key, value and headers) the engine publishes: the broker's {@code message.max.bytes}
     * (1 MiB by default) less room for the record batch's own overhead. An output that would be larger is
     * dead-lettered before it is stored; a dead letter that would be larger keeps a cut value.
     */
    @WithDefault("1000000")
    int maxRecordBytes();

    interface Retry {

        /** The first pause after a failed attempt; it doubles up to {@link #maxBackoff()}. */
        @WithDefault("PT0.2S")
        Duration initialBackoff();

        @WithDefault("PT10S")
        Duration maxBackoff();

        /**
         * Attempts at a batch that fails in a way that is neither an outage nor the data (a bug one record
         * triggers) before its records are tried one by one and the one that fails is dead-lettered.
         */
        @WithDefault("3")
        int attempts();
    }
}
