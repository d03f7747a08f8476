package dev.triage.analysis.jobs;

import dev.triage.analysis.AnalysisProperties;
import dev.triage.analysis.jenkins.Artifacts;
import dev.triage.analysis.jenkins.BuildReader;
import dev.triage.analysis.jenkins.BuildReport;
import dev.triage.analysis.jenkins.ConsoleFinding;
import dev.triage.analysis.jenkins.JenkinsException;
import dev.triage.analysis.jenkins.JenkinsTarget;
import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.Totals;
import dev.triage.platform.mongo.PayloadStore;
import dev.triage.platform.secrets.SecretSeal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Jenkins job's input: the server's Jenkins defaults with the request's overrides (credentials opened from the sealed
 * payload), the wait for a running build, and the build tree turned into the failure items every other input gives:
 * test report cases, console findings of builds that failed without failed tests, failed downstream builds, and JUnit
 * reports found in the artifacts.
 */
@Component
class JenkinsInputs {

    /** Associated data the gateway seals Jenkins credentials with. */
    static final String CREDENTIALS_CONTEXT = "jenkins-credentials";

    private final BuildReader reader;
    private final Artifacts artifacts;
    private final ReportInputs reports;
    private final FailureSigner signer;
    private final PayloadStore payloads;
    private final AnalysisProperties.Jenkins settings;
    private final SecretSeal seal;
    private final JsonMapper json;

    JenkinsInputs(BuildReader reader, Artifacts artifacts, ReportInputs reports, FailureSigner signer, PayloadStore payloads,
            AnalysisProperties properties, Environment environment, JsonMapper json) {
        this.reader = reader;
        this.artifacts = artifacts;
        this.reports = reports;
        this.signer = signer;
        this.payloads = payloads;
        this.settings = properties.jenkins();
        this.seal = SecretSeal.fromEnvironment(environment::getProperty);
        this.json = json;
    }

    /** The build is still running and the request wants to wait for it. */
    static final class StillBuilding extends RuntimeException {
        private final Instant nextCheckAt;
        private final Instant waitingSince;

        StillBuilding(String message, Instant nextCheckAt, Instant waitingSince) {
            super(message, null, false, false);
            this.nextCheckAt = nextCheckAt;
            this.waitingSince = waitingSince;
        }

        Instant nextCheckAt() {
            return nextCheckAt;
        }

        Instant waitingSince() {
            return waitingSince;
        }
    }

    /**
     * Returns when the build is finished (or the request does not wait); otherwise throws {@link StillBuilding}, or
     * fails the job with {@code jenkins_wait_timeout} once {@code max_wait_minutes} have passed.
     *
     * @param waitingSince when the job started waiting, or null on the first look
     */
    void awaitFinished(AnalysisRequested request, @Nullable Instant waitingSince) {
        Map<String, Object> p = request.parameters();
        if (!bool(p, "wait_for_completion", true)) {
            return;
        }
        String job = jobName(p);
        int number = buildNumber(p);
        JsonNode info = call(() -> reader.info(target(request), job, number));
        if (!info.path("building").asBoolean(false)) {
            return;
        }
        Instant now = Instant.now();
        Instant since = waitingSince == null ? now : waitingSince;
        int maxWait = integer(p, "max_wait_minutes", 0);
        if (maxWait > 0 && now.isAfter(since.plus(Duration.ofMinutes(maxWait)))) {
            throw new JobFailure("jenkins_wait_timeout", "Build " + job + " #" + number + " was still running after "
                    + maxWait + " minutes of waiting (max_wait_minutes)");
        }
        Duration poll = Duration.ofMinutes(Math.max(1, integer(p, "poll_interval_minutes", 2)));
        if (poll.compareTo(settings.maxPollInterval()) > 0) {
            poll = settings.maxPollInterval();
        }
        Instant next = now.plus(poll);
        throw new StillBuilding("Build " + job + " #" + number + " is still running; next check at " + next, next, since);
    }

    AnalysisInput read(AnalysisRequested request) {
        Map<String, Object> p = request.parameters();
        JenkinsTarget target = target(request);
        String job = jobName(p);
        int number = buildNumber(p);
        BuildReport build = call(() -> reader.read(target, job, number, bool(p, "force", false)));
        Collector collector = new Collector();
        JenkinsSource.Node root = collector.add(build, true);
        Document fetched = null;
        if (bool(p, "get_job_artifacts", false)) {
            fetched = fetchArtifacts(request, target, build, collector);
        }
        Totals t = collector.totals;
        return new AnalysisInput(t, collector.outcomes, collector.failures, new JenkinsSource(root, collector.owners, fetched));
    }

    private @Nullable Document fetchArtifacts(AnalysisRequested request, JenkinsTarget target, BuildReport build,
            Collector collector) {
        Path workspace = null;
        try {
            workspace = Files.createTempDirectory("triage-artifacts-");
            JsonNode info = call(() -> reader.info(target, build.jobName(), build.number()));
            Artifacts.Fetched fetched = artifacts.fetch(target, build.url(), info, workspace);
            List<String> reportsRead = new ArrayList<>();
            for (Path file : fetched.files()) {
                if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(workspace.resolve(file))) {
                    AnalysisInput report = reports.read(in, request.parameters());
                    collector.addReport(report);
                    reportsRead.add(file.toString());
                } catch (JobFailure | IOException notAReport) {
                    // an artifact that is XML but not a test report is context, not input
                }
            }
            return new Document("files", fetched.files().stream().map(Path::toString).toList())
                    .append("reports", reportsRead).append("refused", fetched.refused()).append("bytes", fetched.bytes())
                    .append("truncated", fetched.truncated());
        } catch (IOException e) {
            return new Document("error", "The artifacts could not be stored for reading");
        } finally {
            deleteQuietly(workspace);
        }
    }

    /** The server's defaults with the request's overrides; credentials only from the sealed payload or for the server's Jenkins. */
    JenkinsTarget target(AnalysisRequested request) {
        Map<String, Object> p = request.parameters();
        String requested = string(p, "jenkins_url");
        String url = requested != null ? requested : settings.url();
        if (url.isBlank()) {
            throw new JobFailure("jenkins_not_configured", "No Jenkins URL: give jenkins_url or configure TRIAGE_JENKINS_URL");
        }
        URI base;
        try {
            base = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new JobFailure("invalid_parameter", "jenkins_url is not a valid URL");
        }
        String user = null;
        String password = null;
        Credentials given = credentials(request);
        if (given != null) {
            user = given.user;
            password = given.password;
        } else if (requested == null || sameHost(base, settings.url())) {
            // the server's credentials go only to the server's Jenkins, never to a URL a request named
            user = settings.user().isBlank() ? null : settings.user();
            password = settings.password().isBlank() ? null : settings.password();
        }
        boolean sslVerify = bool(p, "jenkins_ssl_verify", settings.sslVerify());
        int timeoutSeconds = integer(p, "jenkins_timeout", 0);
        Duration timeout = timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds) : settings.timeout();
        int maxMb = integer(p, "jenkins_artifacts_max_size_mb", 0);
        long maxArtifacts = maxMb > 0 ? maxMb * 1024L * 1024L : settings.artifactsMaxSize().toBytes();
        return new JenkinsTarget(base, user, password, sslVerify, timeout, maxArtifacts);
    }

    private record Credentials(@Nullable String user, @Nullable String password) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    private @Nullable Credentials credentials(AnalysisRequested request) {
        if (request.payload() == null) {
            return null;
        }
        String sealed;
        try (InputStream in = payloads.open(request.payload().id()).orElseThrow(() -> new JobFailure("payload_missing",
                "The job's sealed Jenkins credentials are no longer stored"))) {
            sealed = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JobFailure("payload_unreadable", "The job's sealed Jenkins credentials could not be read");
        }
        String opened;
        try {
            opened = seal.open(sealed.trim(), CREDENTIALS_CONTEXT);
        } catch (IllegalStateException e) {
            throw new JobFailure("credentials_unreadable", "The request's Jenkins credentials cannot be opened: the analysis "
                    + "service's TRIAGE_SECRET_KEY is missing or differs from the gateway's");
        }
        JsonNode node = json.readTree(opened);
        return new Credentials(text(node.path("jenkins_user")), text(node.path("jenkins_password")));
    }

    /** Turns build reports into failure items, outcomes and totals, remembering which downstream build owns which. */
    private final class Collector {
        final List<FailureItem> failures = new ArrayList<>();
        final List<TestOutcome> outcomes = new ArrayList<>();
        final Map<FailureItem, JenkinsSource.Node> owners = new IdentityHashMap<>();
        Totals totals = Totals.NONE;

        JenkinsSource.Node add(BuildReport build, boolean top) {
            List<JenkinsSource.Node> children = new ArrayList<>();
            for (BuildReport child : build.children()) {
                children.add(add(child, false));
            }
            JenkinsSource.Node node = new JenkinsSource.Node(build.jobName(), build.number(), build.url(), build.result(),
                    build.failedStages(), build.note(), children);
            int tests = 0;
            int passed = 0;
            int failed = 0;
            int skipped = 0;
            List<FailureItem> own = new ArrayList<>();
            if (build.tests() != null) {
                for (BuildReport.TestCase test : build.tests()) {
                    tests++;
                    String testId = test.className().isEmpty() ? test.name() : test.className() + "." + test.name();
                    if (test.failed()) {
                        failed++;
                        String message = test.errorDetails() == null ? "" : test.errorDetails();
                        String stack = test.stackTrace() == null ? "" : test.stackTrace();
                        FailureItem item = signer.sign(testId, testId, "failed", test.durationMs(), null, message, stack);
                        own.add(item);
                        if (top) {
                            outcomes.add(new TestOutcome(testId, test.suite(), "failed", test.durationMs(), item.signature(),
                                    FailureSigner.excerpt(message)));
                        }
                    } else {
                        String outcome = test.skipped() ? "skipped" : "passed";
                        if (test.skipped()) {
                            skipped++;
                        } else {
                            passed++;
                        }
                        if (top) {
                            outcomes.add(new TestOutcome(testId, test.suite(), outcome, test.durationMs(), null, null));
                        }
                    }
                }
            }
            int errors = 0;
            for (ConsoleFinding finding : build.findings()) {
                errors++;
                String where = build.failedStages().isEmpty() ? "" : " (stage " + build.failedStages().getFirst() + ")";
                String name = build.jobName() + " #" + build.number() + where + ": " + finding.title();
                own.add(signer.sign("jenkins:" + build.jobName() + "#" + build.number() + ":" + finding.kind(), name, "error", 0,
                        null, finding.title() + ": " + finding.line(), finding.excerpt()));
            }
            for (FailureItem item : own) {
                failures.add(item);
                if (!top) {
                    owners.put(item, node);
                }
            }
            totals = new Totals(totals.tests() + tests + errors, totals.passed() + passed, totals.failures() + failed,
                    totals.errors() + errors, totals.skipped() + skipped, totals.flaky());
            return node;
        }

        void addReport(AnalysisInput report) {
            failures.addAll(report.failures());
            outcomes.addAll(report.outcomes());
            Totals r = report.totals();
            totals = new Totals(totals.tests() + r.tests(), totals.passed() + r.passed(), totals.failures() + r.failures(),
                    totals.errors() + r.errors(), totals.skipped() + r.skipped(), totals.flaky() + r.flaky());
        }
    }

    private static <T> T call(java.util.function.Supplier<T> jenkins) {
        try {
            return jenkins.get();
        } catch (JenkinsException e) {
            throw new JobFailure(e.code(), e.getMessage());
        }
    }

    static String jobName(Map<String, Object> p) {
        String job = string(p, "job_name");
        if (job == null || job.isBlank()) {
            throw new JobFailure("invalid_parameter", "job_name is missing");
        }
        return job;
    }

    static int buildNumber(Map<String, Object> p) {
        int number = integer(p, "build_number", 0);
        if (number < 1) {
            throw new JobFailure("invalid_parameter", "build_number is missing");
        }
        return number;
    }

    private static boolean sameHost(URI base, String configured) {
        if (configured.isBlank()) {
            return false;
        }
        URI server = URI.create(configured.trim());
        return String.valueOf(base.getHost()).equalsIgnoreCase(String.valueOf(server.getHost())) && base.getPort() == server.getPort()
                && String.valueOf(base.getScheme()).equalsIgnoreCase(String.valueOf(server.getScheme()));
    }

    private static @Nullable String string(Map<String, Object> p, String name) {
        Object value = p.get(name);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static boolean bool(Map<String, Object> p, String name, boolean fallback) {
        Object value = p.get(name);
        return value instanceof Boolean b ? b : value == null ? fallback : Boolean.parseBoolean(value.toString());
    }

    private static int integer(Map<String, Object> p, String name, int fallback) {
        Object value = p.get(name);
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return value == null ? fallback : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static @Nullable String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    private static void deleteQuietly(@Nullable Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a leftover temp file is cleaned by the OS
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
