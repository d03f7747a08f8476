package dev.triage.deploy.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of the benchmarks. */
record Options(Map<String, String> values) {

    static Options parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        return new Options(values);
    }

    String url() {
        return values.getOrDefault("url", "http://localhost:8080");
    }

    String kafka() {
        return values.getOrDefault("kafka", "localhost:19092");
    }

    String mongo() {
        return values.getOrDefault("mongo", "mongodb://localhost:27027");
    }

    int jobs(int fallback) {
        return number("jobs", fallback);
    }

    int clients(int fallback) {
        return number("clients", fallback);
    }

    int seconds(int fallback) {
        return number("seconds", fallback);
    }

    int failures(int fallback) {
        return number("failures", fallback);
    }

    int groups(int fallback) {
        return number("groups", fallback);
    }

    int mb(int fallback) {
        return number("mb", fallback);
    }

    private int number(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }
}
