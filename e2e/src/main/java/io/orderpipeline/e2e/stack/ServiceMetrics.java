package io.orderpipeline.e2e.stack;

/** The few figures of a service's Prometheus text that the local run and the benchmark show. */
public record ServiceMetrics(double consumed, double stored, double published, double skipped, double deadLettered) {

    public static ServiceMetrics parse(String prometheusText) {
        double consumed = 0, stored = 0, published = 0, skipped = 0, deadLettered = 0;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String name = line.substring(0, Math.max(0, line.indexOf(line.contains("{") ? '{' : ' ')));
            double value = sampleValue(line);
            switch (name) {
                case "pipeline_records_consumed_total" -> consumed += value;
                case "pipeline_records_stored_total" -> stored += value;
                case "pipeline_records_published_total" -> published += value;
                case "pipeline_records_skipped_total" -> skipped += value;
                case "pipeline_records_dead_lettered_total" -> deadLettered += value;
                default -> {
                }
            }
        }
        return new ServiceMetrics(consumed, stored, published, skipped, deadLettered);
    }

    public ServiceMetrics plus(ServiceMetrics other) {
        return new ServiceMetrics(consumed + other.consumed, stored + other.stored, published + other.published,
                skipped + other.skipped, deadLettered + other.deadLettered);
    }

    /** The sample's value: the last field before an exemplar ({@code # {trace_id=...} ...}), if there is one. */
    public static double sampleValue(String line) {
        int exemplar = line.indexOf(" # ");
        String[] parts = (exemplar < 0 ? line : line.substring(0, exemplar)).trim().split("\\s+");
        try {
            return Double.parseDouble(parts[parts.length - 1]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
