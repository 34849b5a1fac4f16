package io.orderpipeline.e2e.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What Linux accounts for a process in {@code /proc}: the CPU time it used and the most memory it held, read the way
 * {@code top} and {@code ps} read them, for the benchmark.
 */
public final class ProcessStats {

    /** Clock ticks a second, as {@code getconf CLK_TCK} says on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /**
     * CPU seconds (user and system) the process has used so far, and its children that it waited for; with
     * {@code tree}, also every process still running below it. NaN when the process is gone or this is not Linux.
     */
    public static double cpuSeconds(long pid, boolean tree) {
        double seconds = ownCpuSeconds(pid);
        if (tree) {
            seconds += ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                    .mapToDouble(child -> ownCpuSeconds(child.pid())).filter(Double::isFinite).sum();
        }
        return seconds;
    }

    private static double ownCpuSeconds(long pid) {
        try {
            return cpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), 17);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds so far of the process's threads, added up by name with numbers dropped ({@code C2 CompilerThre},
     * {@code vert.x-eventloo}, {@code kafka-producer-}: Linux keeps 15 characters): where a process's CPU goes,
     * JIT compiler and garbage collector included, which a Java profiler does not see.
     */
    public static Map<String, Double> cpuSecondsByThread(long pid) {
        Map<String, Double> byName = new TreeMap<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads.toList()) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    byName.merge(name, cpuSeconds(stat, 15), Double::sum);
                } catch (IOException | RuntimeException threadEnded) {
                    // gone meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return byName;
    }

    /** Fields 14 (utime) to {@code lastField} of a {@code stat} line (17 adds the waited-for children), in seconds. */
    private static double cpuSeconds(String stat, int lastField) {
        // The command name, in parentheses, may hold spaces: the fields are counted after its ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = 0;
        for (int field = 14; field <= lastField; field++) { // proc(5): 14 utime, 15 stime, 16 cutime, 17 cstime
            ticks += Long.parseLong(fields[field - 3]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The most resident memory the process has had since start or the last {@link #resetPeak}, in bytes; or -1. */
    public static long peakResidentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** Starts the peak over from the memory the process holds now (Linux: 5 into {@code clear_refs}). */
    public static void resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
        } catch (IOException e) {
            // not Linux, or not allowed: the peak then counts from the start
        }
    }
}
