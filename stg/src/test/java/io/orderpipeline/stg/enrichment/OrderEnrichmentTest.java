package io.orderpipeline.stg.enrichment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderEnrichmentTest {

    @Test
    void describesWhereRedisIsWithoutItsPassword() {
        assertThat(OrderEnrichment.describe("redis://localhost:6379")).isEqualTo("localhost:6379");
        assertThat(OrderEnrichment.describe("rediss://:hunter2@redis.example:6380")).isEqualTo("redis.example:6380 over TLS");
        assertThat(OrderEnrichment.describe("redis://a:7000, redis://b:7001")).isEqualTo("a:7000, b:7001");
        assertThat(OrderEnrichment.describe("redis://bad host")).doesNotContain("bad host");
    }
}
