package io.orderpipeline.e2e.stack;

import io.orderpipeline.devstack.Devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operations tool ({@code ops}) as an operator runs it: its jar or native executable, configured only by
 * environment variables.
 */
public final class OpsTool {

    /** What one command did: its exit code, its report (standard output) and its log (standard error). */
    public record Run(int exitCode, String output, String log) {
    }

    private static final Duration LIMIT = Duration.ofMinutes(3);

    private final Path artifact;
    private final ServiceRuntime runtime;
    private final Map<String, String> environment;

    /** @param environment the tool's whole environment, as far as KAFKA_*, PG_*, REDIS_* and QUARKUS_* go */
    public OpsTool(Path projectRoot, ServiceRuntime runtime, Map<String, String> environment) {
        this.runtime = runtime;
        this.artifact = runtime.artifact(projectRoot, "ops");
        this.environment = Map.copyOf(environment);
        ServiceRuntime.requireBuilt(artifact, runtime, "ops");
    }

    /** The tool pointed at the devstack by the variables that point the services at it. */
    public static OpsTool of(Path projectRoot, ServiceRuntime runtime, Devstack devstack) {
        Map<String, String> environment = new HashMap<>();
        devstack.quarkusConfig().forEach((property, value) ->
                environment.put(ServiceProcess.environmentName(property), value));
        return new OpsTool(projectRoot, runtime, environment);
    }

    public Run run(String... arguments) {
        List<String> command = new ArrayList<>(runtime.command(artifact, Map.of()));
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("ops-out", ".txt");
            Path log = Files.createTempFile("ops-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(output.toFile()).redirectError(log.toFile());
                ServiceProcess.isolate(builder);
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("ops " + String.join(" ", arguments) + " ran longer than " + LIMIT
                            + "; its log: " + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                        Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
