package dev.triage.gateway.analysis;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/**
 * Reads a JSON request object once, streaming the value of one large string field ({@code raw_xml}) into a writer as
 * it arrives, and collecting every other field as JSON text. A 50 MB report therefore never sits in memory as a
 * string, let alone twice (a JSON library would buffer the whole value first: INFRA.md gotcha 21).
 *
 * <p>Only the top-level object is scanned by hand; the collected remainder is parsed by Jackson afterwards.
 */
final class RawXmlSplitter {

    /** The request is not a JSON object we can read; the message says where. */
    static final class MalformedJsonException extends IOException {
        MalformedJsonException(String message, long offset) {
            super(message + " at character " + offset);
        }
    }

    /** The JSON outside the streamed field is larger than allowed. */
    static final class JsonTooLargeException extends IOException {
        JsonTooLargeException() {
            super("request JSON too large");
        }
    }

    /** What the split produced: the other fields as a JSON object, and whether the field was there and not null. */
    record Result(String remainderJson, boolean fieldPresent) {
    }

    private final Reader in;
    private final String field;
    private final long maxRemainderChars;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long offset;

    private RawXmlSplitter(Reader in, String field, long maxRemainderChars) {
        this.in = in;
        this.field = field;
        this.maxRemainderChars = maxRemainderChars;
    }

    /**
     * Splits the request. {@code sink} receives the unescaped value of {@code field}; it is opened lazily, only when the
     * field holds a string.
     */
    static Result split(Reader in, String field, long maxRemainderChars, SinkOpener sink) throws IOException {
        return new RawXmlSplitter(in, field, maxRemainderChars).run(sink);
    }

    /** Opens the destination of the streamed field. */
    @FunctionalInterface
    interface SinkOpener {
        Writer open() throws IOException;
    }

    private Result run(SinkOpener sink) throws IOException {
        StringBuilder remainder = new StringBuilder("{");
        boolean present = false;
        skipWhitespace();
        expect('{');
        skipWhitespace();
        if (peek() == '}') {
            read();
        } else {
            boolean first = true;
            while (true) {
                skipWhitespace();
                String key = readKey();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                if (key.equals(field) && peek() == '"') {
                    read();
                    try (Writer out = sink.open()) {
                        unescapeStringInto(out);
                    }
                    present = true;
                } else if (key.equals(field) && peek() == 'n') {
                    copyValue(new StringBuilder());
                } else {
                    if (!first) {
                        remainder.append(',');
                    }
                    first = false;
                    appendQuoted(remainder, key);
                    remainder.append(':');
                    copyValue(remainder);
                }
                if (remainder.length() > maxRemainderChars) {
                    throw new JsonTooLargeException();
                }
                skipWhitespace();
                int c = read();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new MalformedJsonException("expected ',' or '}'", offset);
                }
            }
        }
        skipWhitespace();
        if (peek() != -1) {
            throw new MalformedJsonException("unexpected content after the JSON object", offset);
        }
        return new Result(remainder.append('}').toString(), present);
    }

    private String readKey() throws IOException {
        expect('"');
        StringBuilder key = new StringBuilder();
        while (true) {
            int c = read();
            if (c == -1) {
                throw new MalformedJsonException("unterminated field name", offset);
            }
            if (c == '"') {
                return key.toString();
            }
            if (c == '\\') {
                key.append(unescape());
            } else {
                key.append((char) c);
            }
            if (key.length() > 256) {
                throw new MalformedJsonException("field name too long", offset);
            }
        }
    }

    private void unescapeStringInto(Writer out) throws IOException {
        char[] chunk = new char[8192];
        int size = 0;
        while (true) {
            int c = read();
            if (c == -1) {
                throw new MalformedJsonException("unterminated string", offset);
            }
            if (c == '"') {
                break;
            }
            char value = c == '\\' ? unescape() : (char) c;
            if (c != '\\' && c < 0x20) {
                throw new MalformedJsonException("control character in string", offset);
            }
            chunk[size++] = value;
            if (size == chunk.length) {
                out.write(chunk, 0, size);
                size = 0;
            }
        }
        out.write(chunk, 0, size);
    }

    private char unescape() throws IOException {
        int c = read();
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(read(), 16);
                    if (digit < 0) {
                        throw new MalformedJsonException("bad \\u escape", offset);
                    }
                    code = code * 16 + digit;
                }
                yield (char) code;
            }
            default -> throw new MalformedJsonException("bad escape", offset);
        };
    }

    /** Copies one JSON value verbatim; Jackson validates it later. */
    private void copyValue(StringBuilder out) throws IOException {
        int c = peek();
        if (c == '"') {
            copyString(out);
        } else if (c == '{' || c == '[') {
            int depth = 0;
            do {
                c = peek();
                if (c == -1) {
                    throw new MalformedJsonException("unterminated value", offset);
                }
                if (c == '"') {
                    copyString(out);
                    continue;
                }
                read();
                out.append((char) c);
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
                if (out.length() > maxRemainderChars) {
                    throw new JsonTooLargeException();
                }
            } while (depth > 0);
        } else {
            while ((c = peek()) != -1 && c != ',' && c != '}' && !Character.isWhitespace(c)) {
                out.append((char) read());
                if (out.length() > maxRemainderChars) {
                    throw new JsonTooLargeException();
                }
            }
        }
    }

    private void copyString(StringBuilder out) throws IOException {
        out.append((char) read());
        while (true) {
            int c = read();
            if (c == -1) {
                throw new MalformedJsonException("unterminated string", offset);
            }
            out.append((char) c);
            if (c == '\\') {
                int escaped = read();
                if (escaped == -1) {
                    throw new MalformedJsonException("unterminated string", offset);
                }
                out.append((char) escaped);
            } else if (c == '"') {
                return;
            }
            if (out.length() > maxRemainderChars) {
                throw new JsonTooLargeException();
            }
        }
    }

    private static void appendQuoted(StringBuilder out, String key) {
        out.append('"');
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private void skipWhitespace() throws IOException {
        while (peek() != -1 && Character.isWhitespace(peek())) {
            read();
        }
    }

    private void expect(char expected) throws IOException {
        int c = read();
        if (c != expected) {
            throw new MalformedJsonException("expected '" + expected + "'", offset);
        }
    }

    private int peek() throws IOException {
        if (position == limit) {
            limit = Math.max(0, in.read(buffer, 0, buffer.length));
            position = 0;
            if (limit == 0) {
                return -1;
            }
        }
        return buffer[position];
    }

    private int read() throws IOException {
        int c = peek();
        if (c != -1) {
            position++;
            offset++;
        }
        return c;
    }
}
