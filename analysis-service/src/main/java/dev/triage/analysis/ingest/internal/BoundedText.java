package dev.triage.analysis.ingest.internal;

import org.jspecify.annotations.Nullable;

/** A reusable text accumulator that keeps the first {@code max} characters and remembers whether it dropped any. */
final class BoundedText {

    private final StringBuilder text = new StringBuilder();
    private int max;
    private boolean used;
    private boolean truncated;

    BoundedText(int max) {
        this.max = max;
    }

    void reset() {
        text.setLength(0);
        used = false;
        truncated = false;
    }

    void limit(int newMax) {
        this.max = newMax;
    }

    void append(char[] chars, int start, int length) {
        used = true;
        int room = max - text.length();
        if (length <= room) {
            text.append(chars, start, length);
        } else {
            if (room > 0) {
                text.append(chars, start, room);
            }
            truncated = true;
        }
    }

    void append(String s) {
        used = true;
        int room = max - text.length();
        if (s.length() <= room) {
            text.append(s);
        } else {
            if (room > 0) {
                text.append(s, 0, room);
            }
            truncated = true;
        }
    }

    boolean used() {
        return used;
    }

    boolean truncated() {
        return truncated;
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    String value() {
        return text.toString();
    }

    /** The text, or null when nothing was appended (an absent element, not an empty one). */
    @Nullable String valueOrNull() {
        return used ? text.toString() : null;
    }

    /** Cuts a string at {@code max} characters. */
    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
