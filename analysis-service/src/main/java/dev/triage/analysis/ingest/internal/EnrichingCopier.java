package dev.triage.analysis.ingest.internal;

import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.ReportException;
import dev.triage.analysis.ingest.ReportException.Code;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Copies a JUnit report byte for byte and adds {@code <property>} elements to chosen testcases: into the testcase's
 * {@code <properties>} when that is its first child, else as a new {@code <properties>} right after the start tag (a
 * self-closing testcase is opened and closed around it). A lexer over raw bytes, not a DOM or an XML writer, so
 * whitespace, comments, CDATA, entity spelling, attribute quotes and order and the XML declaration survive unchanged.
 * Works on UTF-8 and other ASCII-compatible encodings; values written are ASCII with character references.
 */
public final class EnrichingCopier {

    private static final byte[] PROPS_OPEN = "<properties>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROPS_CLOSE = "</properties>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CASE_CLOSE = "</testcase>".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final OutputStream sink;
    private final IngestLimits limits;
    private final Map<String, Map<String, String>> additions;

    private final byte[] inBuf = new byte[64 * 1024];
    private int inPos;
    private int inLen;
    private long total;
    private int line = 1;

    private final byte[] outBuf = new byte[64 * 1024];
    private int outLen;

    private final ByteArrayOutputStream tag = new ByteArrayOutputStream(256);
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(64);
    private final Deque<String> suites = new ArrayDeque<>();
    private int depth;
    private @Nullable Map<String, String> pending;
    private @Nullable Map<String, String> openProperties;
    private int openPropertiesDepth;
    private int enriched;

    public EnrichingCopier(InputStream in, OutputStream out, IngestLimits limits, Map<String, Map<String, String>> additions) {
        this.in = in;
        this.sink = out;
        this.limits = limits;
        this.additions = additions;
    }

    /** Copies the whole input; returns the number of testcases that received properties. */
    public int run() throws IOException {
        int b = read();
        if (b == -1) {
            throw new ReportException(Code.EMPTY_REPORT, "The report is empty");
        }
        if (b == 0xFE || b == 0xFF || b == 0) {
            throw new ReportException(Code.UNSUPPORTED_FORMAT, "Enrichment needs a UTF-8 (or ASCII-compatible) report; this one is UTF-16");
        }
        boolean sawRoot = false;
        for (; b != -1; b = read()) {
            if (b != '<') {
                text(b);
                continue;
            }
            int c = need();
            if (c == '!') {
                declaration();
            } else if (c == '?') {
                resolvePending();
                write('<');
                write('?');
                copyUntil("?>");
            } else {
                element(c);
                sawRoot = true;
            }
        }
        if (!sawRoot) {
            throw new ReportException(Code.INVALID_REPORT, "The report has no root element");
        }
        if (depth != 0 || pending != null || openProperties != null) {
            throw new ReportException(Code.INVALID_REPORT, "The report is truncated: " + depth + " element(s) never closed", line, null);
        }
        flush();
        sink.flush();
        return enriched;
    }

    private void text(int b) {
        if (pending != null) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                held.write(b);
                return;
            }
            resolvePending();
        }
        write(b);
    }

    private void declaration() throws IOException {
        int d = need();
        if (d == '-') {
            resolvePending();
            write('<');
            write('!');
            write('-');
            copyUntil("-->");
        } else if (d == '[') {
            resolvePending();
            write('<');
            write('!');
            write('[');
            copyUntil("]]>");
        } else if (d == 'D' || d == 'd') {
            throw new ReportException(Code.DTD_NOT_ALLOWED, "DOCTYPE declarations are not allowed in test reports", line, null);
        } else {
            throw new ReportException(Code.INVALID_REPORT, "Markup declaration outside of a DOCTYPE: not a well-formed report", line, null);
        }
    }

    /** Copies bytes up to and including the terminator ("-->", "]]>" or "?>"). */
    private void copyUntil(String terminator) throws IOException {
        int p2 = -1;
        int p1 = -1;
        boolean two = terminator.length() == 2;
        while (true) {
            int x = need();
            write(x);
            if (two ? p1 == terminator.charAt(0) && x == terminator.charAt(1)
                    : p2 == terminator.charAt(0) && p1 == terminator.charAt(1) && x == terminator.charAt(2)) {
                return;
            }
            p2 = p1;
            p1 = x;
        }
    }

    private void element(int first) throws IOException {
        tag.reset();
        tag.write('<');
        tag.write(first);
        int quote = 0;
        int length = 2;
        int x = first;
        while (x != '>' || quote != 0) {
            x = need();
            tag.write(x);
            if (++length > limits.maxMarkupBytes()) {
                throw new ReportException(Code.REPORT_TOO_LARGE, "A tag or attribute is longer than the limit of " + limits.maxMarkupBytes()
                        + " bytes", line, null);
            }
            if (quote != 0) {
                if (x == quote) {
                    quote = 0;
                }
            } else if (x == '"' || x == '\'') {
                quote = x;
            }
        }
        byte[] bytes = tag.toByteArray();
        if (first == '/') {
            endTag(bytes);
        } else {
            startTag(bytes);
        }
    }

    private void endTag(byte[] bytes) {
        String name = name(bytes, 2);
        int own = depth--;
        if (openProperties != null && own == openPropertiesDepth && "properties".equals(name)) {
            writeProperties(openProperties);
            openProperties = null;
        }
        if (pending != null) {
            resolvePending();
        }
        if ("testsuite".equals(name) && !suites.isEmpty()) {
            suites.pop();
        }
        if (depth < 0) {
            throw new ReportException(Code.INVALID_REPORT, "End tag </" + name + "> without a start tag", line, null);
        }
        write(bytes, 0, bytes.length);
    }

    private void startTag(byte[] bytes) {
        String name = name(bytes, 1);
        boolean selfClosing = bytes.length >= 3 && bytes[bytes.length - 2] == '/';
        Map<String, String> waiting = pending;
        if (waiting != null) {
            pending = null;
            write(held.toByteArray(), 0, held.size());
            held.reset();
            if ("properties".equals(name)) {
                if (selfClosing) {
                    write(bytes, 0, bytes.length - 2);
                    write('>');
                    writeProperties(waiting);
                    write(PROPS_CLOSE, 0, PROPS_CLOSE.length);
                    return;
                }
                openProperties = waiting;
                openPropertiesDepth = depth + 1;
            } else {
                writeBlock(waiting);
            }
        }
        if (!selfClosing && ++depth > limits.maxDepth()) {
            throw new ReportException(Code.REPORT_TOO_DEEP, "Elements are nested deeper than the limit of " + limits.maxDepth(), line, null);
        }
        if ("testsuite".equals(name) && !selfClosing) {
            String suite = attribute(bytes, "name");
            suites.push(suite == null ? "" : suite);
        } else if ("testcase".equals(name)) {
            String cls = attribute(bytes, "classname");
            if (cls == null) {
                cls = attribute(bytes, "class");
            }
            String caseName = attribute(bytes, "name");
            String id = TestIds.of(suites.isEmpty() ? "" : suites.peek(), cls == null ? "" : cls, caseName == null ? "" : caseName);
            Map<String, String> props = additions.get(id);
            if (props != null && !props.isEmpty()) {
                enriched++;
                if (selfClosing) {
                    write(bytes, 0, bytes.length - 2);
                    write('>');
                    writeBlock(props);
                    write(CASE_CLOSE, 0, CASE_CLOSE.length);
                    return;
                }
                write(bytes, 0, bytes.length);
                pending = props;
                held.reset();
                return;
            }
        }
        write(bytes, 0, bytes.length);
    }

    private void resolvePending() {
        Map<String, String> waiting = pending;
        if (waiting != null) {
            pending = null;
            writeBlock(waiting);
            write(held.toByteArray(), 0, held.size());
            held.reset();
        }
    }

    private void writeBlock(Map<String, String> props) {
        write(PROPS_OPEN, 0, PROPS_OPEN.length);
        writeProperties(props);
        write(PROPS_CLOSE, 0, PROPS_CLOSE.length);
    }

    private void writeProperties(Map<String, String> props) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : props.entrySet()) {
            sb.append("<property name=\"");
            escape(e.getKey(), sb);
            sb.append("\" value=\"");
            escape(e.getValue() == null ? "" : e.getValue(), sb);
            sb.append("\"/>");
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        write(bytes, 0, bytes.length);
    }

    /** Attribute-value escaping to pure ASCII, so the bytes are right whatever encoding the report declares. */
    static void escape(String value, StringBuilder sb) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
                        sb.append('?'); // not representable in XML 1.0
                    } else if (cp < 0x20 || cp > 0x7E) {
                        sb.append("&#x").append(Integer.toHexString(cp)).append(';');
                    } else {
                        sb.append((char) cp);
                    }
                }
            }
        }
    }

    private static String name(byte[] bytes, int from) {
        int end = from;
        while (end < bytes.length && !isSpace(bytes[end]) && bytes[end] != '/' && bytes[end] != '>') {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    /** The decoded value of an attribute in a start tag, as an XML parser would report it; null when absent. */
    static @Nullable String attribute(byte[] bytes, String wanted) {
        int i = 1;
        while (i < bytes.length && !isSpace(bytes[i]) && bytes[i] != '/' && bytes[i] != '>') {
            i++;
        }
        while (i < bytes.length) {
            while (i < bytes.length && isSpace(bytes[i])) {
                i++;
            }
            int nameStart = i;
            while (i < bytes.length && bytes[i] != '=' && !isSpace(bytes[i]) && bytes[i] != '>' && bytes[i] != '/') {
                i++;
            }
            if (i == nameStart) {
                return null;
            }
            String name = new String(bytes, nameStart, i - nameStart, StandardCharsets.UTF_8);
            while (i < bytes.length && isSpace(bytes[i])) {
                i++;
            }
            if (i >= bytes.length || bytes[i] != '=') {
                continue;
            }
            i++;
            while (i < bytes.length && isSpace(bytes[i])) {
                i++;
            }
            if (i >= bytes.length) {
                return null;
            }
            byte quote = bytes[i++];
            int valueStart = i;
            while (i < bytes.length && bytes[i] != quote) {
                i++;
            }
            if (name.equals(wanted)) {
                return decode(new String(bytes, valueStart, i - valueStart, StandardCharsets.UTF_8));
            }
            i++;
        }
        return null;
    }

    private static String decode(String raw) {
        String text = raw.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ').replace('\t', ' ');
        if (text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int semi = c == '&' ? text.indexOf(';', i) : -1;
            if (semi < 0) {
                sb.append(c);
                continue;
            }
            String entity = text.substring(i + 1, semi);
            switch (entity) {
                case "amp" -> sb.append('&');
                case "lt" -> sb.append('<');
                case "gt" -> sb.append('>');
                case "quot" -> sb.append('"');
                case "apos" -> sb.append('\'');
                default -> {
                    try {
                        int cp = entity.startsWith("#x") ? Integer.parseInt(entity.substring(2), 16)
                                : entity.startsWith("#") ? Integer.parseInt(entity.substring(1)) : -1;
                        if (cp < 0) {
                            sb.append(text, i, semi + 1);
                        } else {
                            sb.appendCodePoint(cp);
                        }
                    } catch (IllegalArgumentException e) {
                        sb.append(text, i, semi + 1);
                    }
                }
            }
            i = semi;
        }
        return sb.toString();
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private int read() throws IOException {
        if (inPos == inLen) {
            inLen = in.read(inBuf, 0, inBuf.length);
            inPos = 0;
            if (inLen <= 0) {
                inLen = 0;
                return -1;
            }
            total += inLen;
            if (total > limits.maxReportBytes()) {
                throw new ReportException(Code.REPORT_TOO_LARGE, "Report is larger than the limit of " + limits.maxReportBytes() + " bytes");
            }
        }
        int b = inBuf[inPos++] & 0xff;
        if (b == '\n') {
            line++;
        }
        return b;
    }

    private int need() throws IOException {
        int b = read();
        if (b == -1) {
            throw new ReportException(Code.INVALID_REPORT, "The report is truncated inside markup", line, null);
        }
        return b;
    }

    private void write(int b) {
        if (outLen == outBuf.length) {
            flush();
        }
        outBuf[outLen++] = (byte) b;
    }

    private void write(byte[] bytes, int off, int len) {
        if (len > outBuf.length - outLen) {
            flush();
            if (len > outBuf.length) {
                writeThrough(bytes, off, len);
                return;
            }
        }
        System.arraycopy(bytes, off, outBuf, outLen, len);
        outLen += len;
    }

    private void flush() {
        writeThrough(outBuf, 0, outLen);
        outLen = 0;
    }

    private void writeThrough(byte[] bytes, int off, int len) {
        try {
            sink.write(bytes, off, len);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
