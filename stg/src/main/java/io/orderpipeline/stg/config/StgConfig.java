package io.orderpipeline.stg.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "stg")
public interface StgConfig {

    Enrichment enrichment();

    /**
     * The most lines an order may have. More is not an order but an error upstream, and its enriched form could
     * outgrow what the broker accepts: it is dead-lettered as invalid.
     */
    @WithDefault("1000")
    int maxItemsPerOrder();

    interface Enrichment {

        /**
         * How many more times to read a user or restaurant that Redis does not hold (reference data may be
         * written a moment after the order that needs it) before the order is dead-lettered.
         */
        @WithDefault("3")
        int retries();

        /** The pause before the first re-read; the n-th re-read waits n times as long. */
        @WithDefault("PT0.1S")
        Duration retryBackoff();
    }
}
