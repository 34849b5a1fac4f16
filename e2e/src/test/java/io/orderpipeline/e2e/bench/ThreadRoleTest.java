package io.orderpipeline.e2e.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadRoleTest {

    @Test
    void theSameRoleFromAJvmNameStartAndANativeNameEnd() {
        assertThat(Benchmark.threadRole("vert.x-eventloo")).isEqualTo(Benchmark.threadRole("ntloop-thread-#"))
                .isEqualTo("Vert.x event loop");
        assertThat(Benchmark.threadRole("smallrye-kafka-")).isEqualTo(Benchmark.threadRole("nsumer-thread-#"))
                .isEqualTo("Kafka consumer");
        assertThat(Benchmark.threadRole("kafka-producer-")).isEqualTo(Benchmark.threadRole("enriched-orders"))
                .isEqualTo("Kafka producer");
    }

    @Test
    void jvmOnlyThreadsAreNamedForWhatTheyCost() {
        assertThat(Benchmark.threadRole("C# CompilerThre")).isEqualTo("JIT compiler");
        assertThat(Benchmark.threadRole("VM Thread")).isEqualTo("GC and safepoints");
        assertThat(Benchmark.threadRole("JFR Thread Samp")).isEqualTo("JFR Thread Samp");
    }
}
