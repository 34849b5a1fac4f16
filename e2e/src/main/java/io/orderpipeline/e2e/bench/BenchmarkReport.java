package io.orderpipeline.e2e.bench;

import io.orderpipeline.e2e.chart.LineChart;
import io.orderpipeline.e2e.stack.PipelineStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's table, printed and written as Markdown with an SVG chart of per-stage throughput. */
final class BenchmarkReport {

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void row(String figure, String value, String comparedWith) {
        rows.add(new String[] {figure, value, comparedWith});
    }

    void note(String text) {
        notes.add(text);
    }

    String table() {
        StringBuilder table = new StringBuilder("| figure | value | compared with |\n|---|---:|---|\n");
        rows.forEach(row -> table.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return table.toString();
    }

    void write(Path directory, List<ThroughputSampler.Sample> backlogSamples) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("throughput.svg"), svg(backlogSamples));
            StringBuilder markdown = new StringBuilder("# Pipeline benchmark\n\n").append(table()).append('\n');
            notes.forEach(note -> markdown.append("- ").append(note).append('\n'));
            markdown.append("\n![records/s per stage during the backlog](throughput.svg)\n");
            Files.writeString(directory.resolve("benchmark.md"), markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records/s per stage between consecutive samples, as one line per stage. */
    static String svg(List<ThroughputSampler.Sample> samples) {
        List<LineChart.Series> stages = new ArrayList<>();
        for (String stage : PipelineStack.SERVICES) {
            List<LineChart.Point> points = new ArrayList<>();
            for (int i = 1; i < samples.size(); i++) {
                ThroughputSampler.Sample a = samples.get(i - 1), b = samples.get(i);
                double rate = (b.consumed().getOrDefault(stage, 0.0) - a.consumed().getOrDefault(stage, 0.0))
                        / Math.max(0.001, b.seconds() - a.seconds());
                points.add(new LineChart.Point(b.seconds(), rate));
            }
            stages.add(new LineChart.Series(stage, points));
        }
        double seconds = samples.isEmpty() ? 1 : samples.get(samples.size() - 1).seconds();
        return LineChart.svg(List.of(new LineChart("Records consumed per second, by stage", "/s", seconds, stages)), 1);
    }
}
