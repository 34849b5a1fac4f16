package io.orderpipeline.testsupport;

import io.orderpipeline.testsupport.redis.ReferenceDataStore;
import io.orderpipeline.testsupport.stack.DevstackResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Tag(DevstackResource.TAG)
class DevstackResourceTest {

    @Test
    void everyTestResourceGetsTheSameRunningStack() {
        DevstackResource first = new DevstackResource();
        DevstackResource second = new DevstackResource();

        Map<String, String> config = first.start();
        first.stop();

        assertThat(second.start()).isEqualTo(config);
        assertThat(DevstackResource.devstack()).isSameAs(DevstackResource.devstack());
        assertThat(DevstackResource.devstack().quarkusConfig()).isEqualTo(config);
        try (ReferenceDataStore redis = ReferenceDataStore.of(DevstackResource.devstack())) {
            redis.put("still-running", "after stop()");
            assertThat(redis.get("still-running")).isEqualTo("after stop()");
        }
    }
}
