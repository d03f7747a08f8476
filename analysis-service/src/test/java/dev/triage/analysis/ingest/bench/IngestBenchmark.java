package dev.triage.analysis.ingest.bench;

import dev.triage.analysis.ingest.ParsedReport;
import dev.triage.analysis.ingest.ReportParser;
import dev.triage.analysis.ingest.Signatures;
import dev.triage.analysis.ingest.TestResult;
import dev.triage.analysis.ingest.XmlEngine;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Parse + signatures of a generated 50 MB JUnit report (20,000 testcases, 2,000 failures), streaming with each StAX
 * engine under -Xmx128m, against a JAXP DOM parse of the same file (which needs a larger heap). Run with bench/ingest;
 * results in docs/benchmarks.md. Not a test: surefire never runs it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class IngestBenchmark {

    static final int TESTS = 20_000;
    static final int FAILURES = 2_000;
    static final long BYTES = 50L * 1000 * 1000;

    /** The shared input file, generated once per fork (same bytes every time). */
    @State(Scope.Benchmark)
    public static class Report {
        Path file;

        @Setup(Level.Trial)
        public void generate(BenchmarkParams params) throws Exception {
            Path dir = Path.of(System.getProperty("ingest.bench.dir", System.getProperty("java.io.tmpdir")));
            file = dir.resolve("triage-ingest-bench-" + TESTS + "-" + FAILURES + ".xml");
            if (!Files.exists(file) || Files.size(file) < BYTES || Files.size(file) > BYTES + BYTES / 20) {
                Path tmp = Files.createTempFile(dir, "ingest-bench", ".xml");
                SyntheticReport.write(tmp, TESTS, FAILURES, BYTES + BYTES / 50);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.println("INGEST_BENCH_FILE_BYTES " + Files.size(file));
            // what each approach keeps alive once the report is read: the DOM tree, or our result list
            Object held;
            if (params.getBenchmark().endsWith("domParseAndSign")) {
                held = dom(file);
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    held = ReportParser.builder().engine(XmlEngine.valueOf(params.getParam("engine"))).build().parse(in);
                }
            }
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.println("INGEST_BENCH_RETAINED_BYTES " + (rt.totalMemory() - rt.freeMemory()) + " " + held.hashCode());
            held = null;
            System.gc();
            resetPeaks();
        }

        @TearDown(Level.Trial)
        public void reportPeak() {
            System.out.println("INGEST_BENCH_PEAK_HEAP_BYTES " + peakHeap() + " max=" + Runtime.getRuntime().maxMemory());
        }
    }

    /** The streaming parser with one engine; the fork has a 128 MB heap to prove the memory bound. */
    @State(Scope.Benchmark)
    public static class Streaming {
        @Param({"JDK", "WOODSTOX", "AALTO"})
        public XmlEngine engine;
        ReportParser parser;

        @Setup(Level.Trial)
        public void create() {
            parser = ReportParser.builder().engine(engine).build();
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx128m", "-Xms128m"})
    public int streamingParseAndSign(Report report, Streaming streaming, Blackhole hole) throws IOException {
        ParsedReport parsed;
        try (InputStream in = Files.newInputStream(report.file)) {
            parsed = streaming.parser.parse(in);
        }
        int signed = 0;
        for (TestResult failure : parsed.failures()) {
            hole.consume(Signatures.of(failure));
            signed++;
        }
        if (parsed.totals().tests() != TESTS || signed != FAILURES) {
            throw new IllegalStateException("unexpected totals " + parsed.totals());
        }
        return signed;
    }

    /** Baseline: secure JAXP DOM, then the same counting and signing from the tree. A DOM of this file does not fit in 128 MB. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g"})
    public int domParseAndSign(Report report, Blackhole hole) throws IOException, SAXException, ParserConfigurationException {
        Document doc = dom(report.file);
        NodeList cases = doc.getElementsByTagName("testcase");
        int signed = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            Element testcase = (Element) cases.item(i);
            for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element e && ("failure".equals(e.getTagName()) || "error".equals(e.getTagName()))) {
                    hole.consume(Signatures.of(e.getAttribute("message"), e.getAttribute("type"), e.getTextContent()));
                    signed++;
                    break;
                }
            }
        }
        if (cases.getLength() != TESTS || signed != FAILURES) {
            throw new IllegalStateException("unexpected counts " + cases.getLength() + "/" + signed);
        }
        return signed;
    }

    static Document dom(Path file) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        try (InputStream in = Files.newInputStream(file)) {
            return builder.parse(in);
        }
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the trial started (includes garbage not yet collected). */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
