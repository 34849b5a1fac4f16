package io.orderpipeline.e2e.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Line charts as SVG, for the benchmark report and the dashboard's picture: one chart per panel, several panels
 * side by side in one file, so that a picture in a document needs no plotting tool and no browser. Each chart spans
 * {@code seconds} from its start.
 */
public record LineChart(String title, String unit, double seconds, List<Series> series) {

    /** One line: its legend and its points, x in seconds from the start; a NaN y is a gap in the line. */
    public record Series(String name, List<Point> points) {
        /** Whether every point is zero or missing: nothing worth a line or a legend. */
        public boolean isZeroThroughout() {
            return points.stream().allMatch(point -> !(Math.abs(point.value()) > 0));
        }
    }

    public record Point(double seconds, double value) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int WIDTH = 560, HEIGHT = 300, LEFT = 70, RIGHT = 15, BOTTOM = 28, LEGEND_COLUMNS = 2;

    /** The charts in a grid of {@code columns} columns, as one SVG document. */
    public static String svg(List<LineChart> charts, int columns) {
        int rows = (charts.size() + columns - 1) / columns;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH * Math.min(columns, charts.size()), HEIGHT * rows));
        for (int i = 0; i < charts.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,%d)\">%n",
                    (i % columns) * WIDTH, (i / columns) * HEIGHT));
            charts.get(i).drawInto(svg);
            svg.append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private void drawInto(StringBuilder svg) {
        double maxSeconds = Math.max(1, seconds), maxValue = 0;
        for (Series line : series) {
            for (Point point : line.points()) {
                if (Double.isFinite(point.value())) {
                    maxValue = Math.max(maxValue, point.value());
                }
            }
        }
        maxValue = maxValue > 0 ? maxValue * 1.05 : 1;
        int top = 30 + (series.size() + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS * 13;
        int plotWidth = WIDTH - LEFT - RIGHT, plotHeight = HEIGHT - top - BOTTOM;
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"16\" font-weight=\"bold\">%s</text>%n"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n"
                        + "<text x=\"%d\" y=\"%d\">0 s</text>%n"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f s</text>%n",
                LEFT, escape(title),
                LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM,
                LEFT, top, LEFT, HEIGHT - BOTTOM,
                LEFT - 4, top + 4, escape(format(maxValue) + unit),
                LEFT - 4, HEIGHT - BOTTOM,
                LEFT, HEIGHT - 8,
                WIDTH - RIGHT, HEIGHT - 8, maxSeconds));
        if (series.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#7f7f7f\">zero throughout</text>%n",
                    LEFT + 10, HEIGHT - BOTTOM - 8));
        }
        for (int s = 0; s < series.size(); s++) {
            String colour = COLOURS[s % COLOURS.length];
            for (List<Point> run : unbroken(series.get(s).points())) {
                StringBuilder points = new StringBuilder();
                for (Point point : run) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                            LEFT + point.seconds() / maxSeconds * plotWidth,
                            HEIGHT - BOTTOM - point.value() / maxValue * plotHeight));
                }
                svg.append(String.format(Locale.ROOT,
                        "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n",
                        colour, points.toString().trim()));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    LEFT + (s % LEGEND_COLUMNS) * 240, 32 + (s / LEGEND_COLUMNS) * 13, colour,
                    escape(series.get(s).name())));
        }
    }

    private static List<List<Point>> unbroken(List<Point> points) {
        List<List<Point>> runs = new ArrayList<>();
        List<Point> run = new ArrayList<>();
        for (Point point : points) {
            if (Double.isFinite(point.value())) {
                run.add(point);
            } else if (!run.isEmpty()) {
                runs.add(run);
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.3g", value);
    }

    /** Text safe inside SVG (XML) markup. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
