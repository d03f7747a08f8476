package dev.triage.analysis.ingest.internal;

import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.ReportException;
import dev.triage.analysis.ingest.ReportException.Code;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits between the caller's stream and the XML parser and enforces, on raw bytes and before the parser buffers them: the
 * report size, the length of any one tag (so a 100 MB attribute is refused after {@code maxMarkupBytes}, not after the
 * parser has built a 200 MB string), and the absence of DOCTYPE declarations. A small lexer tracks whether a byte is
 * in text, a tag, a quoted attribute value, a comment, a CDATA section or a processing instruction; it works on any
 * ASCII-compatible encoding, and UTF-16 input is left to the parser's own checks.
 */
public final class InputGuard extends InputStream {

    private static final int TEXT = 0;
    private static final int LT = 1;
    private static final int TAG = 2;
    private static final int QUOTED = 3;
    private static final int BANG = 4;
    private static final int COMMENT = 5;
    private static final int CDATA = 6;
    private static final int PI = 7;

    private final InputStream in;
    private final long maxBytes;
    private final int maxMarkup;
    private long total;
    private int state = TEXT;
    private int quote;
    private int tagLength;
    private int run;
    private int prev;
    private boolean sawContent;
    private boolean sawMarkup;
    private boolean utf16;
    private int line = 1;
    private long lineStart;

    public InputGuard(InputStream in, IngestLimits limits) {
        this.in = in;
        this.maxBytes = limits.maxReportBytes();
        this.maxMarkup = limits.maxMarkupBytes();
    }

    /** Any byte other than whitespace or a byte-order mark has been read. */
    public boolean sawContent() {
        return sawContent;
    }

    /** A {@code <} has been read: the input at least looks like markup. */
    public boolean sawMarkup() {
        return sawMarkup;
    }

    public long bytesRead() {
        return total;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n <= 0) {
            return n;
        }
        if (total == 0 && n >= 2 && ((b[off] == (byte) 0xFE && b[off + 1] == (byte) 0xFF) || (b[off] == (byte) 0xFF
                && b[off + 1] == (byte) 0xFE) || b[off] == 0 || b[off + 1] == 0)) {
            utf16 = true;
        }
        total += n;
        if (total > maxBytes) {
            throw new ReportException(Code.REPORT_TOO_LARGE, "Report is larger than the limit of " + maxBytes + " bytes");
        }
        if (utf16) {
            sawContent = true;
            sawMarkup = true;
            return n;
        }
        scan(b, off, off + n);
        return n;
    }

    private void scan(byte[] b, int from, int to) {
        int i = from;
        long base = total - (to - from) - from;
        while (i < to) {
            int c = b[i];
            switch (state) {
                case TEXT -> {
                    while (i < to && b[i] != '<') {
                        byte t = b[i];
                        if (t == '\n') {
                            line++;
                            lineStart = base + i + 1;
                        } else if (!sawContent && t != ' ' && t != '\t' && t != '\r' && t != (byte) 0xEF && t != (byte) 0xBB
                                && t != (byte) 0xBF) {
                            sawContent = true;
                        }
                        i++;
                    }
                    if (i < to) {
                        state = LT;
                        sawContent = true;
                        sawMarkup = true;
                        i++;
                    }
                    continue;
                }
                case LT -> {
                    if (c == '!') {
                        state = BANG;
                    } else if (c == '?') {
                        state = PI;
                        prev = 0;
                    } else {
                        state = TAG;
                        tagLength = 2;
                        tag(c, base + i);
                    }
                }
                case TAG -> tag(c, base + i);
                case QUOTED -> {
                    if (++tagLength > maxMarkup) {
                        tooLong();
                    }
                    if (c == quote) {
                        state = TAG;
                    } else if (c == '\n') {
                        newLine(base + i);
                    }
                }
                case BANG -> {
                    if (c == '-') {
                        state = COMMENT;
                        run = 0;
                    } else if (c == '[') {
                        state = CDATA;
                        run = 0;
                    } else if (c == 'D' || c == 'd') {
                        throw new ReportException(Code.DTD_NOT_ALLOWED, "DOCTYPE declarations are not allowed in test reports", line,
                                column(base + i) - 2);
                    } else {
                        throw new ReportException(Code.INVALID_REPORT, "Markup declaration outside of a DOCTYPE: not a well-formed report",
                                line, column(base + i) - 2);
                    }
                }
                case COMMENT -> {
                    if (c == '-') {
                        run++;
                    } else {
                        if (c == '>' && run >= 2) {
                            state = TEXT;
                        } else if (c == '\n') {
                            newLine(base + i);
                        }
                        run = 0;
                    }
                }
                case CDATA -> {
                    if (c == ']') {
                        run++;
                    } else {
                        if (c == '>' && run >= 2) {
                            state = TEXT;
                        } else if (c == '\n') {
                            newLine(base + i);
                        }
                        run = 0;
                    }
                }
                case PI -> {
                    if (c == '>' && prev == '?') {
                        state = TEXT;
                    } else if (c == '\n') {
                        newLine(base + i);
                    }
                    prev = c;
                }
                default -> throw new IllegalStateException("lexer state " + state);
            }
            i++;
        }
    }

    private void tag(int c, long position) {
        if (++tagLength > maxMarkup) {
            tooLong();
        }
        if (c == '>') {
            state = TEXT;
        } else if (c == '"' || c == '\'') {
            quote = c;
            state = QUOTED;
        } else if (c == '\n') {
            newLine(position);
        }
    }

    private void newLine(long position) {
        line++;
        lineStart = position + 1;
    }

    private int column(long position) {
        return (int) Math.min(Integer.MAX_VALUE, position - lineStart + 1);
    }

    private void tooLong() {
        throw new ReportException(Code.REPORT_TOO_LARGE, "A tag or attribute is longer than the limit of " + maxMarkup + " bytes",
                line, null);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
