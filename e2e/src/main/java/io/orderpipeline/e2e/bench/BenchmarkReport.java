package io.orderpipeline.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's table, printed and written as Markdown with an SVG chart of per-stage throughput. */
final class BenchmarkReport {

    private static final Map<String, String> COLOURS = Map.of("stg", "#1f77b4", "dds", "#ff7f0e", "cdm", "#2ca02c");

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
        int width = 720, height = 320, left = 60, bottom = 30;
        double maxTime = samples.isEmpty() ? 1 : samples.get(samples.size() - 1).seconds();
        Map<String, List<double[]>> rates = new java.util.LinkedHashMap<>();
        double maxRate = 1;
        for (String stage : COLOURS.keySet().stream().sorted(java.util.Comparator.comparing(s -> List.of("stg", "dds", "cdm").indexOf(s))).toList()) {
            List<double[]> points = new ArrayList<>();
            for (int i = 1; i < samples.size(); i++) {
                ThroughputSampler.Sample a = samples.get(i - 1), b = samples.get(i);
                double rate = (b.consumed().getOrDefault(stage, 0.0) - a.consumed().getOrDefault(stage, 0.0))
                        / Math.max(0.001, b.seconds() - a.seconds());
                points.add(new double[] {b.seconds(), rate});
                maxRate = Math.max(maxRate, rate);
            }
            rates.put(stage, points);
        }
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                        + "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                        + "<text x=\"%d\" y=\"%d\">%.0f s</text><text x=\"5\" y=\"20\">%.0f/s</text>%n",
                width, height, left, height - bottom, width - 10, height - bottom, left, left, height - bottom,
                width - 50, height - 10, maxTime, maxRate));
        int legend = 0;
        for (Map.Entry<String, List<double[]>> stage : rates.entrySet()) {
            StringBuilder points = new StringBuilder();
            for (double[] point : stage.getValue()) {
                double x = left + point[0] / maxTime * (width - left - 10);
                double y = height - bottom - point[1] / maxRate * (height - bottom - 10);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            String colour = COLOURS.get(stage.getKey());
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                    colour, points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s records/s</text>%n",
                    left + 10 + legend * 130, 24, colour, stage.getKey()));
            legend++;
        }
        return svg.append("</svg>\n").toString();
    }
}
