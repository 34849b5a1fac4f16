package io.orderpipeline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DevstackTestResourceTest {

    @Test
    void everyTestResourceGetsTheSameRunningStack() throws IOException {
        DevstackTestResource first = new DevstackTestResource();
        DevstackTestResource second = new DevstackTestResource();

        Map<String, String> config = first.start();
        first.stop();

        assertThat(second.start()).isEqualTo(config);
        assertThat(DevstackTestResource.devstack()).isSameAs(DevstackTestResource.devstack());
        assertThat(DevstackTestResource.devstack().quarkusConfig()).isEqualTo(config);
        try (RespClient redis = new RespClient(DevstackTestResource.devstack().redis().port())) {
            assertThat(redis.call("PING")).as("still running after stop()").isEqualTo("PONG");
        }
    }
}
