package dev.triage.analysis.ingest;

import static dev.triage.analysis.ingest.JUnitReports.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.triage.analysis.ingest.internal.XmlFactories;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hostile and broken input: each ends quickly in a typed error, never a hang, a resolved entity or an OOM. */
class HostileInputUnitTests {

    private static final Duration QUICKLY = Duration.ofSeconds(10);

    private final ReportParser parser = new ReportParser();

    private ReportException rejected(ReportParser with, InputStream in) {
        return assertTimeoutPreemptively(QUICKLY, () -> {
            ReportException error = catchThrowableOfType(ReportException.class, () -> with.parse(in));
            assertThat(error).as("a typed ReportException").isNotNull();
            return error;
        });
    }

    private ReportException rejected(String document) {
        return rejected(parser, xml(document));
    }

    @Test
    void xxeFileReadIsRefused(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        ReportException error = rejected("<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]><testsuite><testcase name=\"&xxe;\"/></testsuite>");
        assertThat(error.code()).isEqualTo("dtd_not_allowed");
        assertThat(error.getMessage()).doesNotContain("TOP-SECRET");
        assertThat(error.line()).isEqualTo(1);
    }

    @Test
    void billionLaughsIsRefusedWithoutExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        ReportException error = rejected(dtd + "<testsuite><testcase name=\"&lol9;\"/></testsuite>");
        assertThat(error.code()).isEqualTo("dtd_not_allowed");
    }

    @Test
    void externalDtdAndOutOfBandEntitiesAreRefused() {
        assertThat(rejected("<!DOCTYPE testsuite SYSTEM \"http://127.0.0.1:9/evil.dtd\"><testsuite/>").code()).isEqualTo("dtd_not_allowed");
        assertThat(rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/oob.dtd\"> %p;]>\n<testsuite/>")
                .code()).isEqualTo("dtd_not_allowed");
        assertThat(rejected("<!ENTITY % param1 \"<!ENTITY oob SYSTEM 'http://127.0.0.1:9/'>\">").code()).isEqualTo("invalid_report");
    }

    @ParameterizedTest
    @EnumSource(XmlEngine.class)
    void everyEngineIsHardenedEvenWithoutTheInputGuard(XmlEngine engine, @TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String doc = "<!DOCTYPE t [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><t>&xxe;</t>";
        StringBuilder text = new StringBuilder();
        XMLStreamReader reader = XmlFactories.create(engine, IngestLimits.defaults()).createXMLStreamReader(xml(doc));
        try {
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.CHARACTERS) {
                    text.append(reader.getText());
                }
            }
        } catch (XMLStreamException expected) {
            // refusing the undeclared/external entity is the other acceptable answer
        }
        assertThat(text.toString()).doesNotContain("TOP-SECRET");
    }

    @Test
    void notWellFormedNamesLineAndColumn() {
        ReportException error = rejected("<testsuite>\n  <testcase name=\"a\">\n</testsuite>");
        assertThat(error.code()).isEqualTo("invalid_report");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isNotNull();
        assertThat(error.getMessage()).contains("line 3").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void emptyAndBlankReportsAreEmpty() {
        assertThat(rejected("").code()).isEqualTo("empty_report");
        assertThat(rejected(" \n\t ").code()).isEqualTo("empty_report");
        assertThat(rejected("\uFEFF").code()).isEqualTo("empty_report");
    }

    @Test
    void truncatedAndNonXmlReportsAreInvalid() {
        assertThat(rejected("<testsuites><testsuite name=\"s\"><testcase name=\"a\">").code()).isEqualTo("invalid_report");
        assertThat(rejected("this is not an XML!").code()).isEqualTo("invalid_report");
        assertThat(rejected(parser, new ByteArrayInputStream(new byte[] {'<', 't', '>', (byte) 0xC3, (byte) 0x28, '<', '/', 't', '>'}))
                .code()).isEqualTo("invalid_report");
    }

    @Test
    void wellFormedXmlThatIsNotAReportIsUnsupported() {
        ReportException error = rejected("<html><body><p>hello</p></body></html>");
        assertThat(error.code()).isEqualTo("unsupported_format");
        assertThat(error.getMessage()).contains("<html>");
    }

    @Test
    void tenThousandLevelsOfNestingAreTooDeep() {
        String deep = "<testsuites>" + "<testsuite>".repeat(10_000) + "</testsuite>".repeat(10_000) + "</testsuites>";
        assertThat(rejected(deep).code()).isEqualTo("report_too_deep");
    }

    @Test
    void aHundredMegabyteAttributeIsRefusedWithoutReadingIt() {
        CountingStream in = new CountingStream(new SequenceInputStream(Collections.enumeration(List.of(
                xml("<testsuite><testcase name=\""), new RepeatingStream((byte) 'a', 100L << 20), xml("\"/></testsuite>")))));
        ReportException error = rejected(parser, in);
        assertThat(error.code()).isEqualTo("report_too_large");
        assertThat(in.count).as("bytes read before refusing").isLessThan(IngestLimits.defaults().maxMarkupBytes() + (1 << 20));
    }

    @Test
    void tooManyTestsAndTooManyBytesAreRefused() {
        String report = JUnitReports.aJUnitReport().suite("S").passing("C", "a").passing("C", "b").passing("C", "c").build();
        assertThat(rejected(new ReportParser(IngestLimits.defaults().withMaxTests(2)), xml(report)).code()).isEqualTo("too_many_tests");
        assertThat(rejected(new ReportParser(IngestLimits.defaults().withMaxReportBytes(100)), xml(report)).code())
                .isEqualTo("report_too_large");
    }

    @Test
    void theEnricherRefusesTheSameHostileInput() {
        ReportEnricher enricher = new ReportEnricher();
        java.io.OutputStream sink = java.io.OutputStream.nullOutputStream();
        java.util.Map<String, java.util.Map<String, String>> none = java.util.Map.of();
        assertThat(catchThrowableOfType(ReportException.class, () -> enricher.enrich(xml("<!DOCTYPE t [<!ENTITY a \"b\">]><t/>"), sink, none))
                .code()).isEqualTo("dtd_not_allowed");
        assertThat(catchThrowableOfType(ReportException.class, () -> enricher.enrich(xml("<testsuite><testcase name='a'>"), sink, none))
                .code()).isEqualTo("invalid_report");
        assertThat(catchThrowableOfType(ReportException.class, () -> enricher.enrich(xml(""), sink, none)).code()).isEqualTo("empty_report");
        CountingStream huge = new CountingStream(new SequenceInputStream(Collections.enumeration(List.of(
                xml("<testsuite><testcase name=\""), new RepeatingStream((byte) 'a', 100L << 20)))));
        assertThat(catchThrowableOfType(ReportException.class, () -> enricher.enrich(huge, sink, none)).code()).isEqualTo("report_too_large");
        String deep = "<a>".repeat(10_000);
        assertThat(catchThrowableOfType(ReportException.class, () -> enricher.enrich(xml(deep), sink, none)).code())
                .isEqualTo("report_too_deep");
    }

    /** Produces {@code length} copies of one byte without ever holding them. */
    static final class RepeatingStream extends InputStream {
        private final byte value;
        private long left;

        RepeatingStream(byte value, long length) {
            this.value = value;
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, value);
            left -= n;
            return n;
        }
    }

    static final class CountingStream extends InputStream {
        private final InputStream in;
        long count;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
