package dev.triage.analysis.ingest;

/**
 * The StAX implementation a {@link ReportParser} reads with. All are configured the same way: no DTD, no external
 * entities, not namespace aware, not coalescing. The default is the fastest measured by {@code bench/ingest}.
 */
public enum XmlEngine {
    /** The JDK's built-in parser (SJSXP / Xerces). */
    JDK,
    /** FasterXML Woodstox; needs {@code com.fasterxml.woodstox:woodstox-core} on the class path. */
    WOODSTOX,
    /** FasterXML Aalto; needs {@code com.fasterxml:aalto-xml} on the class path. */
    AALTO
}
