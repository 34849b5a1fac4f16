package io.orderpipeline.e2e.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.e2e.chart.LineChart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard in {@code deploy/monitoring/dashboard.json}, read for its panels' queries: to check them
 * against a real Prometheus, and to draw what they show without Grafana.
 */
public record Dashboard(List<Panel> panels) {

    /** One panel: its title, its Grafana unit and its PromQL queries. */
    public record Panel(String title, String unit, List<Query> queries) {
    }

    /** One PromQL query and its legend, where {@code {{label}}} stands for a label's value. */
    public record Query(String promql, String legend) {
        /**
         * The query as Grafana sends it to a Prometheus scraping every {@code scrapeInterval}: its
         * {@code $__rate_interval} is four scrape intervals (at least, for the step the picture draws).
         */
        public String expression(Duration scrapeInterval) {
            return promql.replace("$__rate_interval", scrapeInterval.multipliedBy(4).toSeconds() + "s");
        }
    }

    private static final Pattern LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");
    private static final Map<String, String> UNIT_SUFFIX = Map.of("s", " s", "reqps", "/s");

    public static Dashboard read(Path file) {
        try {
            List<Panel> panels = new ArrayList<>();
            for (JsonNode panel : new ObjectMapper().readTree(file.toFile()).path("panels")) {
                List<Query> queries = new ArrayList<>();
                panel.path("targets").forEach(target -> queries.add(
                        new Query(target.path("expr").asText(), target.path("legendFormat").asText())));
                panels.add(new Panel(panel.path("title").asText(),
                        panel.path("fieldConfig").path("defaults").path("unit").asText(), queries));
            }
            return new Dashboard(panels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What each panel showed from {@code from} to {@code to}, drawn as one SVG of line charts; series that stayed at
     * zero (most dead-letter causes, most of the time) are left out.
     */
    public String picture(PrometheusServer prometheus, Instant from, Instant to) {
        Duration step = prometheus.scrapeInterval();
        List<LineChart> charts = new ArrayList<>();
        for (Panel panel : panels) {
            List<LineChart.Series> series = new ArrayList<>();
            for (Query query : panel.queries()) {
                for (JsonNode result : prometheus.queryRange(query.expression(step), from, to, step).path("result")) {
                    List<LineChart.Point> points = new ArrayList<>();
                    for (JsonNode value : result.path("values")) {
                        points.add(new LineChart.Point(value.get(0).asDouble() - from.getEpochSecond(),
                                parse(value.get(1).asText())));
                    }
                    LineChart.Series line = new LineChart.Series(legend(query.legend(), result.path("metric")), points);
                    if (!line.isZeroThroughout()) {
                        series.add(line);
                    }
                }
            }
            charts.add(new LineChart(panel.title(), UNIT_SUFFIX.getOrDefault(panel.unit(), ""),
                    Duration.between(from, to).toSeconds(), series));
        }
        return LineChart.svg(charts, 2);
    }

    static String legend(String format, JsonNode labels) {
        Matcher label = LABEL.matcher(format);
        StringBuilder legend = new StringBuilder();
        while (label.find()) {
            label.appendReplacement(legend, Matcher.quoteReplacement(labels.path(label.group(1)).asText()));
        }
        return label.appendTail(legend).toString();
    }

    private static double parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "+inf", "-inf" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }
}
