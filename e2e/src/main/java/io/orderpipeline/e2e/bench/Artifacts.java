package io.orderpipeline.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.e2e.stack.ServiceRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * What a service ships, per runtime: the artifact's size, its size compressed as an image layer carries it, and for
 * a native executable what its build cost, from the build statistics native-image writes beside it.
 */
record Artifacts(long bytes, long layerBytes, Optional<NativeBuild> build) {

    /** Wall time and the builder's peak RSS of one native build. */
    record NativeBuild(double seconds, long peakResidentBytes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUILD_STATISTICS = "-build-output-stats.json";

    static Artifacts of(Path projectRoot, ServiceRuntime runtime, String service) {
        Path artifact = runtime.artifact(projectRoot, service);
        // Jib lays out the JVM fast-jar's whole folder (in several layers), a native image only the executable.
        List<Path> files = runtime == ServiceRuntime.JVM ? regularFiles(artifact.getParent()) : List.of(artifact);
        long bytes = files.stream().mapToLong(Artifacts::size).sum();
        Optional<NativeBuild> build = runtime == ServiceRuntime.NATIVE
                ? nativeBuild(artifact.getParent()) : Optional.empty();
        return new Artifacts(bytes, gzippedSize(files), build);
    }

    private static Optional<NativeBuild> nativeBuild(Path directory) {
        try (Stream<Path> files = Files.walk(directory, 3)) {
            Optional<Path> statistics = files.filter(file -> file.getFileName().toString().endsWith(BUILD_STATISTICS))
                    .findFirst();
            if (statistics.isEmpty()) {
                return Optional.empty();
            }
            JsonNode usage = JSON.readTree(statistics.get().toFile()).path("resource_usage");
            return Optional.of(new NativeBuild(usage.path("total_secs").asDouble(),
                    usage.path("memory").path("peak_rss_bytes").asLong()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The bytes of the files after gzip, as a gzipped tar layer holds them (the tar headers aside). */
    private static long gzippedSize(List<Path> files) {
        CountingSink sink = new CountingSink();
        try (GZIPOutputStream gzip = new GZIPOutputStream(sink, 1 << 16)) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(gzip);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.count;
    }

    private static List<Path> regularFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
