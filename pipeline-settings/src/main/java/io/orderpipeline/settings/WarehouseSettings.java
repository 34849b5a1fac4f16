package io.orderpipeline.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the PostgreSQL warehouse is, under the original service's names: {@code PG_HOST}, {@code PG_PORT},
 * {@code PG_DB_NAME}, {@code PG_USER}, {@code PG_PASSWORD}. Each service's datasource is built from these in its
 * application.properties. A mapping, so that a missing password or a port that is not a number stops start-up
 * with a message naming the setting, before anything connects.
 */
@ConfigMapping(prefix = "pg")
public interface WarehouseSettings {

    @WithDefault("localhost")
    String host();

    @WithDefault("5432")
    int port();

    @WithDefault("warehouse")
    String dbName();

    @WithDefault("postgres")
    String user();

    /** Required, no default: it comes from the environment (a Kubernetes Secret), never from the jar. */
    String password();
}
