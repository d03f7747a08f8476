package dev.triage.deploy.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of durations in milliseconds. */
record Stats(int count, double p50, double p95, double p99, double mean, double max) {

    static Stats of(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99),
                Arrays.stream(sorted).average().orElse(0), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static double at(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms mean=%.1f ms max=%.1f ms",
                count, p50, p95, p99, mean, max);
    }
}
