package io.orderpipeline.e2e;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.orderpipeline.e2e.bench.Benchmark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The benchmark: prints figures and writes e2e/target/benchmark/benchmark.md with a chart. It asserts
 * only that the marts are right, never how fast they got there. Run: ./mvnw -B -Pbenchmark verify -pl e2e -am
 */
@Tag("benchmark")
class PipelineBenchmarkIT {

    @Test
    void measure() {
        try (Devstack devstack = Devstack.start(DevstackOptions.defaults())) {
            new Benchmark(devstack, EndToEndSupport.projectRoot(),
                    Integer.getInteger("benchmark.backlog", 50_000),
                    Integer.getInteger("benchmark.rate", 500),
                    Integer.getInteger("benchmark.seconds", 60)).run();
        }
    }
}
