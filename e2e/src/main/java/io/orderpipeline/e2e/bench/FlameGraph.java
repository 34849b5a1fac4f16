package io.orderpipeline.e2e.bench;

import io.orderpipeline.e2e.chart.LineChart;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a service spent its CPU, from the execution samples of a JFR recording: drawn as a flame graph (root at
 * the bottom, each frame as wide as the share of samples it was on the stack for), and listed as the methods that
 * were most often on top of the stack.
 */
final class FlameGraph {

    private static final int WIDTH = 1200, ROW = 16;
    /** Frames on the stack for fewer samples than this share are left out of the picture. */
    private static final double SMALLEST = 0.002;

    private final Node root = new Node("all");
    private final Map<String, Integer> selfSamples = new HashMap<>();

    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        int samples;

        Node(String name) {
            this.name = name;
        }
    }

    static FlameGraph read(Path recording) {
        FlameGraph graph = new FlameGraph();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    graph.add(event.getStackTrace());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recording " + recording, e);
        }
        return graph;
    }

    private void add(RecordedStackTrace stack) {
        List<RecordedFrame> frames = stack.getFrames();
        root.samples++;
        Node node = root;
        for (int i = frames.size() - 1; i >= 0; i--) {
            String name = name(frames.get(i));
            node = node.children.computeIfAbsent(name, Node::new);
            node.samples++;
        }
        if (!frames.isEmpty()) {
            selfSamples.merge(name(frames.get(0)), 1, Integer::sum);
        }
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    /** The {@code count} methods most often on top of the stack, with their share of all samples. */
    List<String> hottest(int count) {
        return selfSamples.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(count)
                .map(entry -> String.format(Locale.ROOT, "%.1f%% %s", 100.0 * entry.getValue() / root.samples,
                        entry.getKey()))
                .toList();
    }

    String svg(String title) {
        int height = (depth(root, 0) + 1) * ROW + 30;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"5\" y=\"16\" font-size=\"14\" font-weight=\"bold\">%s (%d samples)</text>%n",
                WIDTH, height, LineChart.escape(title), root.samples));
        draw(root, 0, height - ROW - 4, svg);
        return svg.append("</svg>\n").toString();
    }

    private boolean shown(Node node) {
        return node.samples >= SMALLEST * root.samples;
    }

    private int depth(Node node, int level) {
        int depth = level;
        for (Node child : node.children.values()) {
            if (shown(child)) {
                depth = Math.max(depth, depth(child, level + 1));
            }
        }
        return depth;
    }

    /** Draws the node at {@code x}, its top edge at {@code y}, and its children on the row above it. */
    private void draw(Node node, double x, int y, StringBuilder svg) {
        double width = (double) node.samples / root.samples * WIDTH;
        svg.append(String.format(Locale.ROOT,
                "<g><title>%s (%.1f%%)</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
                        + "stroke=\"white\" stroke-width=\"0.5\"/><text x=\"%.1f\" y=\"%d\">%s</text></g>%n",
                LineChart.escape(node.name), 100.0 * node.samples / root.samples, x, y, width, ROW - 1, colour(node.name),
                x + 3, y + 12, width > 40 ? LineChart.escape(fit(node.name, width)) : ""));
        double childX = x;
        for (Node child : node.children.values().stream().sorted(Comparator.comparing((Node n) -> n.name)).toList()) {
            if (shown(child)) {
                draw(child, childX, y - ROW, svg);
            }
            childX += (double) child.samples / root.samples * WIDTH;
        }
    }

    private static String fit(String name, double width) {
        int characters = (int) (width / 6.5);
        return name.length() <= characters ? name : name.substring(0, Math.max(0, characters - 2)) + "..";
    }

    private static String colour(String name) {
        if (name.startsWith("all")) {
            return "#cccccc";
        }
        int hash = Math.abs(name.hashCode());
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", 220 + hash % 35, 100 + hash % 120, 40 + hash % 50);
    }

}
