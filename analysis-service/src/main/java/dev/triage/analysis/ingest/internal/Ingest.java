package dev.triage.analysis.ingest.internal;

import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.ParsedReport;
import dev.triage.analysis.ingest.ReportException;
import dev.triage.analysis.ingest.ReportException.Code;
import dev.triage.analysis.ingest.ReportFormat;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/** One parse: guard the stream, find the root, hand over to the format's reader, and turn every failure into a ReportException. */
public final class Ingest {

    private Ingest() {
    }

    public static ParsedReport parse(InputStream in, XMLInputFactory factory, IngestLimits limits, Set<ReportFormat> formats) {
        InputGuard guard = new InputGuard(in, limits);
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(guard);
            Cursor cursor = new Cursor(reader, limits);
            int event = reader.getEventType();
            while (event != XMLStreamConstants.START_ELEMENT) {
                if (event == XMLStreamConstants.DTD) {
                    throw new ReportException(Code.DTD_NOT_ALLOWED, "DOCTYPE declarations are not allowed in test reports",
                            cursor.line(), cursor.column());
                }
                if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw empty(guard, cursor);
                }
                event = cursor.next();
            }
            String root = cursor.name();
            ReportFormat format = detect(root);
            if (!formats.contains(format)) {
                throw new ReportException(Code.UNSUPPORTED_FORMAT, "Root element <" + root + "> is a " + format
                        + " report; this parser reads " + formats);
            }
            Collector collector = new Collector(limits);
            switch (format) {
                case JUNIT -> new JUnitReader(cursor, limits, collector).read(root);
                case NUNIT3 -> new NativeReaders(cursor, limits, collector).nunit3();
                case ROBOT -> new NativeReaders(cursor, limits, collector).robot();
                case XUNIT2 -> new NativeReaders(cursor, limits, collector).xunit2();
                case TRX -> new NativeReaders(cursor, limits, collector).trx(cursor.attr("name", ""));
                default -> throw new IllegalStateException("format " + format);
            }
            return new ParsedReport(format, collector.totals(), collector.tests());
        } catch (XMLStreamException e) {
            throw translate(e, guard);
        } catch (ReportException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw new ReportException(Code.READ_FAILED, "The report could not be read: " + e.getCause().getMessage());
        } catch (RuntimeException e) {
            // parsers signal some syntax errors with unchecked exceptions; anything carrying our own code wins
            ReportException own = find(e);
            if (own != null) {
                throw own;
            }
            throw new ReportException(Code.INVALID_REPORT, "The report is not well-formed XML: " + firstLine(e.getMessage()));
        } finally {
            close(reader);
        }
    }

    /**
     * The dialect a root element announces. Any other root is read as JUnit and must then hold testsuite/testcase
     * elements, or the reader refuses it as unsupported.
     */
    static ReportFormat detect(String root) {
        return switch (root) {
            case "test-run" -> ReportFormat.NUNIT3;
            case "robot" -> ReportFormat.ROBOT;
            case "assemblies", "assembly" -> ReportFormat.XUNIT2;
            case "TestRun" -> ReportFormat.TRX;
            default -> ReportFormat.JUNIT;
        };
    }

    private static ReportException empty(InputGuard guard, Cursor cursor) {
        if (!guard.sawContent()) {
            return new ReportException(Code.EMPTY_REPORT, "The report is empty");
        }
        return new ReportException(Code.INVALID_REPORT, "The report has no root element", cursor.line(), cursor.column());
    }

    private static ReportException translate(XMLStreamException e, InputGuard guard) {
        ReportException own = find(e);
        if (own != null) {
            return own;
        }
        IOException io = findIo(e);
        if (io != null) {
            return new ReportException(Code.READ_FAILED, "The report could not be read: " + io.getMessage());
        }
        if (!guard.sawContent()) {
            return new ReportException(Code.EMPTY_REPORT, "The report is empty");
        }
        Location at = e.getLocation();
        Integer line = at == null || at.getLineNumber() < 1 ? null : at.getLineNumber();
        Integer column = at == null || at.getColumnNumber() < 1 ? null : at.getColumnNumber();
        String what = guard.sawMarkup() ? "The report is not well-formed XML" : "The report is not XML";
        return new ReportException(Code.INVALID_REPORT, what + ": " + reason(e), line, column);
    }

    /** The parser's own words without its location prefix, which we report as line/column. */
    private static String reason(XMLStreamException e) {
        String message = firstLine(e.getMessage());
        int at = message.indexOf("Message: ");
        if (at >= 0) {
            return message.substring(at + "Message: ".length());
        }
        return message;
    }

    private static String firstLine(@Nullable String message) {
        if (message == null || message.isBlank()) {
            return "syntax error";
        }
        String text = message.replace("\r", "");
        int nl = text.indexOf('\n');
        while (nl >= 0 && text.substring(0, nl).startsWith("ParseError at")) {
            text = text.substring(nl + 1);
            nl = text.indexOf('\n');
        }
        String first = nl < 0 ? text : text.substring(0, nl);
        return first.length() > 300 ? first.substring(0, 300) : first.strip();
    }

    private static @Nullable ReportException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ReportException r) {
                return r;
            }
            if (c instanceof XMLStreamException x && x.getNestedException() instanceof ReportException r) {
                return r;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static @Nullable IOException findIo(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException io && !(c instanceof CharConversionException)) {
                return io;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static void close(@Nullable XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // closing a reader that failed: nothing left to report
            }
        }
    }
}
