package io.orderpipeline.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Flight recordings of running JVMs, started and stopped with {@code jcmd}: where the CPU went, for a window. */
final class Profiler {

    private static final String RECORDING = "benchmark";
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    private Profiler() {
    }

    /** Starts sampling the JVM's threads every 10 ms (JFR's "profile" settings). */
    static void start(long pid) {
        jcmd(pid, "JFR.start", "name=" + RECORDING, "settings=profile");
    }

    /** Stops the recording and writes it to {@code file}. */
    static void stop(long pid, Path file) {
        jcmd(pid, "JFR.stop", "name=" + RECORDING, "filename=" + file.toAbsolutePath());
    }

    private static void jcmd(long pid, String... command) {
        try {
            Process process = new ProcessBuilder(concat(List.of(JCMD.toString(), Long.toString(pid)), command))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
