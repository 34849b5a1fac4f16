package io.orderpipeline.stg.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the reference data's Redis is, under the original service's names: {@code REDIS_HOST}, {@code REDIS_PORT}
 * and {@code REDIS_SCHEME} ({@code rediss} for TLS); quarkus.redis.hosts is built from them in
 * application.properties. A mapping, so that a port that is not a number or an unknown scheme stops start-up
 * naming the setting. ({@code REDIS_PASSWORD} goes straight to quarkus.redis.password.)
 */
@ConfigMapping(prefix = "redis")
public interface RedisSettings {

    enum Scheme { REDIS, REDISS }

    @WithDefault("redis")
    Scheme scheme();

    @WithDefault("localhost")
    String host();

    @WithDefault("6379")
    int port();
}
