package io.orderpipeline.e2e.bench;

import io.orderpipeline.e2e.stack.PipelineStack;
import io.orderpipeline.e2e.stack.ServiceMetrics;
import io.orderpipeline.e2e.stack.ServiceProcess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every service's consumed-records counter once a second, for the per-stage throughput chart: each read renders
 * all of a service's meters, which costs CPU that the benchmark would otherwise measure as the pipeline's.
 */
final class ThroughputSampler implements AutoCloseable {

    /** Records consumed so far by each stage, at {@code seconds} since the sampler started. */
    record Sample(double seconds, Map<String, Double> consumed) {
    }

    private final PipelineStack stack;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private final long started = System.nanoTime();
    private volatile boolean running = true;

    ThroughputSampler(PipelineStack stack) {
        this.stack = stack;
        this.thread = new Thread(this::run, "throughput-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            Map<String, Double> consumed = new LinkedHashMap<>();
            for (String service : PipelineStack.SERVICES) {
                double total = 0;
                for (ServiceProcess instance : stack.instances(service)) {
                    total += ServiceMetrics.parse(instance.metrics()).consumed();
                }
                consumed.put(service, total);
            }
            synchronized (samples) {
                samples.add(new Sample((System.nanoTime() - started) / 1e9, consumed));
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
