package io.orderpipeline.e2e;

import io.orderpipeline.e2e.bench.Benchmark;
import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceRuntime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark: prints figures and writes e2e/target/benchmark/benchmark.md with its pictures. It asserts only that
 * the marts are right, never how fast they got there. Run, after building what it measures:
 * {@code ./mvnw -B install -DskipTests [-Pnative] && ./mvnw -B verify -Pbenchmark -pl e2e}. It measures the jars,
 * and the native executables too where they are built ({@code -Dbenchmark.runtimes=jvm,native} to insist).
 */
@Tag("benchmark")
class PipelineBenchmarkIT {

    @Test
    void measure() throws Exception {
        new Benchmark(EndToEndSupport.projectRoot(), new Benchmark.Settings(
                Integer.getInteger("benchmark.history", 50_000),
                Integer.getInteger("benchmark.stream", 20_000),
                Integer.getInteger("benchmark.rate", 500),
                Integer.getInteger("benchmark.seconds", 60),
                runtimes(),
                Integer.getInteger("benchmark.partitions", 3),
                tuning())).run();
    }

    /**
     * {@code benchmark.tuning}: {@code name=value,…} given to every service as system properties, or
     * {@code service:name=value} to one (a channel's setting, whose name differs between services).
     */
    private static Map<String, Map<String, String>> tuning() {
        Map<String, Map<String, String>> tuning = new LinkedHashMap<>();
        PipelineStack.SERVICES.forEach(service -> tuning.put(service, new LinkedHashMap<>()));
        for (String setting : System.getProperty("benchmark.tuning", "").split(",")) {
            if (!setting.contains("=")) {
                continue;
            }
            String name = setting.substring(0, setting.indexOf('=')).trim();
            String value = setting.substring(setting.indexOf('=') + 1).trim();
            String service = name.contains(":") ? name.substring(0, name.indexOf(':')) : null;
            if (service != null && !tuning.containsKey(service)) {
                throw new IllegalArgumentException("benchmark.tuning: no service '" + service + "' in " + setting);
            }
            tuning.forEach((each, properties) -> {
                if (service == null || service.equals(each)) {
                    properties.put(service == null ? name : name.substring(name.indexOf(':') + 1), value);
                }
            });
        }
        return tuning;
    }

    /** {@code benchmark.runtimes}, or the JVM and, when its three executables are built, native. */
    private static List<ServiceRuntime> runtimes() {
        String given = System.getProperty("benchmark.runtimes");
        if (given != null) {
            return Arrays.stream(given.split(",")).map(name -> ServiceRuntime.valueOf(name.trim()
                    .toUpperCase(Locale.ROOT))).toList();
        }
        boolean nativeBuilt = List.of("stg", "dds", "cdm").stream().allMatch(service -> Files.isRegularFile(
                ServiceRuntime.NATIVE.artifact(EndToEndSupport.projectRoot(), service)));
        return nativeBuilt ? List.of(ServiceRuntime.JVM, ServiceRuntime.NATIVE) : List.of(ServiceRuntime.JVM);
    }
}
