package dev.triage.analysis.ingest;

import dev.triage.analysis.ingest.internal.Ingest;
import dev.triage.analysis.ingest.internal.XmlFactories;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;

/**
 * Reads test reports. Thread-safe and reusable: create one per configuration and share it.
 *
 * <p>By default only JUnit/xUnit XML is read; a NUnit 3, Robot Framework, xUnit.net v2 or TRX document is refused with
 * {@code unsupported_format} (that is what the corpus expects of a JUnit ingest). A caller that wants those formats
 * read natively says so with {@link Builder#formats(Set)} or {@link #allFormats(IngestLimits)}.
 */
public final class ReportParser {

    /** The StAX implementation used unless a builder says otherwise: the fastest safe one measured by bench/ingest. */
    public static final XmlEngine DEFAULT_ENGINE = XmlEngine.AALTO;

    private final IngestLimits limits;
    private final Set<ReportFormat> formats;
    private final XmlEngine engine;
    private final ThreadLocal<XMLInputFactory> factories;

    /** JUnit only, default limits. */
    public ReportParser() {
        this(IngestLimits.defaults());
    }

    /** JUnit only, the given limits. */
    public ReportParser(IngestLimits limits) {
        this(limits, EnumSet.of(ReportFormat.JUNIT), DEFAULT_ENGINE);
    }

    private ReportParser(IngestLimits limits, Set<ReportFormat> formats, XmlEngine engine) {
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("A parser must accept at least one format");
        }
        this.limits = limits;
        this.formats = Set.copyOf(formats);
        this.engine = engine;
        XmlFactories.create(engine, limits); // fail at construction, not at the first report, when the engine is missing
        this.factories = ThreadLocal.withInitial(() -> XmlFactories.create(engine, limits));
    }

    /** Reads JUnit and every natively supported format. */
    public static ReportParser allFormats(IngestLimits limits) {
        return builder().limits(limits).formats(EnumSet.allOf(ReportFormat.class)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads one report. The stream is read to its end but not closed.
     *
     * @throws ReportException when the input is not a report this parser accepts, or breaks a limit
     */
    public ParsedReport parse(InputStream in) {
        return Ingest.parse(in, factories.get(), limits, formats);
    }

    public IngestLimits limits() {
        return limits;
    }

    public Set<ReportFormat> formats() {
        return formats;
    }

    public XmlEngine engine() {
        return engine;
    }

    /** Configures a {@link ReportParser}. */
    public static final class Builder {

        private IngestLimits limits = IngestLimits.defaults();
        private Set<ReportFormat> formats = EnumSet.of(ReportFormat.JUNIT);
        private XmlEngine engine = DEFAULT_ENGINE;

        private Builder() {
        }

        public Builder limits(IngestLimits value) {
            this.limits = value;
            return this;
        }

        /** The formats to read; any other is refused with {@code unsupported_format}. */
        public Builder formats(Set<ReportFormat> value) {
            this.formats = EnumSet.copyOf(value);
            return this;
        }

        public Builder engine(XmlEngine value) {
            this.engine = value;
            return this;
        }

        public ReportParser build() {
            return new ReportParser(limits, formats, engine);
        }
    }
}
