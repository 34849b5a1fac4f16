package io.orderpipeline.e2e.bench;

import io.orderpipeline.e2e.stack.ServiceMetrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * A Prometheus histogram's cumulative buckets as scraped ({@code name_bucket{le="..."} count}), added over
 * series; two snapshots give the distribution between them, and its quantiles as Prometheus's
 * {@code histogram_quantile} computes them: linear within the bucket.
 */
record Histogram(TreeMap<Double, Double> buckets) {

    static Histogram parse(String prometheusText, String name) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String prefix = name + "_bucket{";
        for (String line : prometheusText.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            int le = line.indexOf("le=\"");
            String bound = line.substring(le + 4, line.indexOf('"', le + 4));
            buckets.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                    ServiceMetrics.sampleValue(line), Double::sum);
        }
        return new Histogram(buckets);
    }

    /** What was observed after {@code earlier}. */
    Histogram since(Histogram earlier) {
        TreeMap<Double, Double> difference = new TreeMap<>();
        buckets.forEach((bound, count) -> difference.put(bound, count - earlier.buckets.getOrDefault(bound, 0.0)));
        return new Histogram(difference);
    }

    double count() {
        return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
    }

    /** The q-quantile (0..1), in the histogram's unit; NaN if nothing was observed. */
    double quantile(double q) {
        double total = count();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total, lowerBound = 0, lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                return lowerBound + (bucket.getKey() - lowerBound) * (inBucket == 0 ? 0 : (rank - lowerCount) / inBucket);
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }
}
