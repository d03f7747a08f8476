package dev.triage.gateway.access;

import java.util.List;

/**
 * A path pattern in the notation of the API reference: {@code {name}} matches one segment, {@code {name:path}} one or
 * more, {@code **} (last only) any rest including nothing. No regular expressions, so a hostile path costs linear time.
 */
record RoutePattern(String text, List<String> segments) {

    static RoutePattern of(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("pattern must start with /: " + text);
        }
        List<String> segments = split(text);
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).equals("**") && i != segments.size() - 1) {
                throw new IllegalArgumentException("** must be last: " + text);
            }
        }
        return new RoutePattern(text, segments);
    }

    boolean matches(String path) {
        return matches(segments, 0, split(path), 0);
    }

    static List<String> split(String path) {
        return List.of(path.split("/")).stream().filter(s -> !s.isEmpty()).toList();
    }

    private static boolean matches(List<String> pattern, int p, List<String> path, int i) {
        if (p == pattern.size()) {
            return i == path.size();
        }
        String seg = pattern.get(p);
        if (seg.equals("**")) {
            return true;
        }
        if (isMultiVariable(seg)) {
            // one or more segments; try the shortest first, patterns have at most one of these
            for (int end = i + 1; end <= path.size(); end++) {
                if (matches(pattern, p + 1, path, end)) {
                    return true;
                }
            }
            return false;
        }
        if (i == path.size()) {
            return false;
        }
        if (isVariable(seg) || seg.equals(path.get(i))) {
            return matches(pattern, p + 1, path, i + 1);
        }
        return false;
    }

    static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}") && !isMultiVariable(segment);
    }

    static boolean isMultiVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith(":path}");
    }
}
