package dev.triage.analysis.ingest.internal;

import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.ReportException;
import dev.triage.analysis.ingest.ReportException.Code;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * A StAX reader that knows its element depth: after a START_ELEMENT event {@link #depth()} is that element's depth
 * (root = 1), and it stays so for the matching END_ELEMENT. Refuses nesting deeper than the limit.
 */
final class Cursor {

    final XMLStreamReader reader;
    private final int maxDepth;
    private int depth;
    private boolean pop;

    Cursor(XMLStreamReader reader, IngestLimits limits) {
        this.reader = reader;
        this.maxDepth = limits.maxDepth();
    }

    int next() throws XMLStreamException {
        if (pop) {
            depth--;
            pop = false;
        }
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
            if (++depth > maxDepth) {
                throw new ReportException(Code.REPORT_TOO_DEEP, "Elements are nested deeper than the limit of " + maxDepth,
                        line(), column());
            }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
            pop = true;
        }
        return event;
    }

    int depth() {
        return depth;
    }

    String name() {
        return reader.getLocalName();
    }

    /** The attribute value by name, or null. */
    @Nullable String attr(String name) {
        XMLStreamReader r = reader;
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            String local = r.getAttributeLocalName(i);
            if (local.equals(name)) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    String attr(String name, String fallback) {
        String value = attr(name);
        return value == null ? fallback : value;
    }

    void appendText(BoundedText text) {
        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
    }

    boolean isText(int event) {
        return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA || event == XMLStreamConstants.SPACE;
    }

    /**
     * From a START_ELEMENT, appends all text up to the matching END_ELEMENT (nested elements included) and leaves the
     * cursor on that END_ELEMENT.
     */
    void readElementText(BoundedText text) throws XMLStreamException {
        int own = depth;
        int event;
        while ((event = next()) != XMLStreamConstants.END_DOCUMENT) {
            if (isText(event)) {
                appendText(text);
            } else if (event == XMLStreamConstants.END_ELEMENT && depth == own) {
                return;
            }
        }
    }

    @Nullable Integer line() {
        int line = reader.getLocation() == null ? -1 : reader.getLocation().getLineNumber();
        return line > 0 ? line : null;
    }

    @Nullable Integer column() {
        int column = reader.getLocation() == null ? -1 : reader.getLocation().getColumnNumber();
        return column > 0 ? column : null;
    }
}
