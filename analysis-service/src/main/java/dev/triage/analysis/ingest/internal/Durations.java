package dev.triage.analysis.ingest.internal;

import org.jspecify.annotations.Nullable;

/**
 * Reads durations as producers write them: seconds ({@code 1.5}, {@code 1,234.5}, {@code 0,5}, {@code 1.7e-05}),
 * with a unit ({@code 150ms}, {@code 2s}, {@code 1m 3s}) or as a clock ({@code 00:01:02.5}, TRX {@code 00:00:00.1234567}).
 * Anything unreadable or negative is 0: a bad time attribute never rejects a report.
 */
public final class Durations {

    private Durations() {
    }

    /** Milliseconds for a value whose bare numbers are seconds. */
    public static long secondsToMillis(@Nullable String raw) {
        if (raw == null) {
            return 0;
        }
        String s = raw.strip();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            if (s.indexOf(':') > 0) {
                return clock(s);
            }
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            if (lower.endsWith("ms")) {
                return positive(number(lower.substring(0, lower.length() - 2)));
            }
            if (lower.indexOf('m') > 0 && lower.endsWith("s") && lower.contains(" ")) {
                String[] parts = lower.split("\\s+");
                double seconds = 0;
                for (String part : parts) {
                    if (part.endsWith("ms")) {
                        seconds += number(part.substring(0, part.length() - 2)) / 1000;
                    } else if (part.endsWith("m")) {
                        seconds += number(part.substring(0, part.length() - 1)) * 60;
                    } else if (part.endsWith("s")) {
                        seconds += number(part.substring(0, part.length() - 1));
                    }
                }
                return positive(seconds * 1000);
            }
            if (lower.endsWith("s")) {
                return positive(number(lower.substring(0, lower.length() - 1).strip()) * 1000);
            }
            return positive(number(s) * 1000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long clock(String s) {
        String[] parts = s.split(":");
        double seconds = 0;
        for (String part : parts) {
            seconds = seconds * 60 + number(part);
        }
        return positive(seconds * 1000);
    }

    private static double number(String s) {
        String t = s.strip();
        int comma = t.indexOf(',');
        if (comma >= 0) {
            // "1,234.5" or "1,234,567" group digits; a single comma without a dot is a decimal comma ("0,5")
            t = t.indexOf('.') >= 0 || t.lastIndexOf(',') != comma ? t.replace(",", "") : t.replace(',', '.');
        }
        return Double.parseDouble(t);
    }

    private static long positive(double millis) {
        if (Double.isNaN(millis) || millis <= 0 || Double.isInfinite(millis)) {
            return 0;
        }
        return millis >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(millis);
    }
}
