package io.orderpipeline.e2e.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How a service runs: from its runnable jar on a JVM ({@code ./mvnw package}), or as its native executable
 * ({@code ./mvnw package -Pnative}). The end-to-end tests, the local run and the benchmark take it from the system
 * property {@value #PROPERTY} ({@code jvm}, the default, or {@code native}).
 */
public enum ServiceRuntime {

    JVM {
        @Override
        public Path artifact(Path projectRoot, String service) {
            return projectRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        }

        @Override
        List<String> command(Path artifact, Map<String, String> systemProperties) {
            // Small heaps on purpose: every service of the pipeline shares one 2-core machine with the servers.
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx96m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=96m",
                    "-XX:ReservedCodeCacheSize=32m", "-Xss512k"));
            // The flags the images run the services with (service.jvm-arguments in the root pom).
            for (String argument : System.getProperty(JVM_ARGUMENTS, "").split(",")) {
                if (!argument.isBlank()) {
                    command.add(argument.strip());
                }
            }
            systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
            command.addAll(List.of("-jar", artifact.toString()));
            return command;
        }
    },

    NATIVE {
        @Override
        public Path artifact(Path projectRoot, String service) {
            Path directory = projectRoot.resolve(service).resolve("target/native");
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(file -> file.getFileName().toString().endsWith("-runner")).findFirst()
                        .orElse(directory.resolve(service + "-runner"));
            } catch (IOException e) {
                return directory.resolve(service + "-runner");
            }
        }

        @Override
        List<String> command(Path artifact, Map<String, String> systemProperties) {
            List<String> command = new ArrayList<>(List.of(artifact.toString()));
            // The executable's own heap limit, unless an experiment sets another (e.g. the benchmark's).
            String maxHeap = System.getProperty(NATIVE_MAX_HEAP);
            if (maxHeap != null) {
                command.add("-Xmx" + maxHeap);
            }
            systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
            return command;
        }
    };

    public static final String PROPERTY = "pipeline.runtime";
    /** The services' JVM flags, comma-separated, as Maven passes them from the root pom's service.jvm-arguments. */
    public static final String JVM_ARGUMENTS = "pipeline.jvm-arguments";
    /** A heap limit to run the native executables with instead of the one they were built with (-Xmx syntax). */
    public static final String NATIVE_MAX_HEAP = "pipeline.native.max-heap";

    /** Where {@code ./mvnw package} (JVM) or {@code ./mvnw package -Pnative} puts the service's artifact. */
    public abstract Path artifact(Path projectRoot, String service);

    abstract List<String> command(Path artifact, Map<String, String> systemProperties);

    /** What the build command for this runtime is, for messages about a missing artifact. */
    String buildCommand() {
        return this == JVM ? "./mvnw package" : "./mvnw package -Pnative";
    }

    /** The project's folder: the nearest one up from the working directory that holds stg/ and e2e/. */
    public static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("stg")) && Files.isDirectory(dir.resolve("e2e"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run this from the project's folder (no stg/ and e2e/ above " + here + ")");
    }

    public static ServiceRuntime configured() {
        String value = System.getProperty(PROPERTY, "jvm");
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be jvm or native, not '" + value + "'");
        }
    }

    static void requireBuilt(Path artifact, ServiceRuntime runtime, String name) {
        if (!Files.isRegularFile(artifact)) {
            throw new UncheckedIOException(new IOException(name + " is not built for " + runtime + ": " + artifact
                    + " is missing (run " + runtime.buildCommand() + " first)"));
        }
    }
}
