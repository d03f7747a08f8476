package dev.triage.analysis.jenkins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a build and, recursively, its failed downstream builds: build info, the test report, failed pipeline stages
 * and the console (only for builds that did not succeed, and only the part around errors), up to a depth limit.
 */
public class BuildReader {

    private final JenkinsClient client;
    private final int maxDepth;
    private final int maxChildren;
    private final long consoleMaxBytes;
    private final int keepLines;
    private final int maxExcerpt;

    /**
     * @param maxDepth    levels of downstream builds followed below the requested build (0: none)
     * @param maxChildren failed downstream builds followed per build
     */
    public BuildReader(JenkinsClient client, int maxDepth, int maxChildren, long consoleMaxBytes, int keepLines, int maxExcerpt) {
        this.client = client;
        this.maxDepth = maxDepth;
        this.maxChildren = maxChildren;
        this.consoleMaxBytes = consoleMaxBytes;
        this.keepLines = keepLines;
        this.maxExcerpt = maxExcerpt;
    }

    /** The build's info ({@code api/json}): whether it is still running, its result, artifacts. */
    public JsonNode info(JenkinsTarget target, String jobName, int number) {
        return client.json(target, JenkinsPaths.jobPath(jobName) + number + "/api/json");
    }

    /**
     * Reads the build.
     *
     * @param force read tests and console even when the build succeeded
     */
    public BuildReport read(JenkinsTarget target, String jobName, int number, boolean force) {
        return read(target, jobName, number, force, 0, new LinkedHashSet<>());
    }

    private BuildReport read(JenkinsTarget target, String jobName, int number, boolean force, int depth,
            Set<JenkinsPaths.JobBuild> seen) {
        seen.add(new JenkinsPaths.JobBuild(jobName, number));
        String path = JenkinsPaths.jobPath(jobName) + number + "/";
        JsonNode info = client.json(target, path + "api/json");
        String result = info.path("result").isString() ? info.path("result").asString() : null;
        boolean building = info.path("building").asBoolean(false);
        String url = info.path("url").asString(target.base().resolve(path).toString());
        boolean succeeded = "SUCCESS".equals(result);
        if (succeeded && !force) {
            return new BuildReport(jobName, number, url, result, building, testsOf(target, path), List.of(), List.of(),
                    List.of(), null);
        }
        List<BuildReport.TestCase> tests = testsOf(target, path);
        List<String> failedStages = failedStages(target, path);
        ConsoleScanner console = new ConsoleScanner(keepLines, maxExcerpt);
        boolean anyTestFailed = tests != null && tests.stream().anyMatch(BuildReport.TestCase::failed);
        if (!succeeded) {
            readConsole(target, path, console);
        }
        Set<JenkinsPaths.JobBuild> downstream = new LinkedHashSet<>();
        downstream.addAll(declaredDownstream(info));
        downstream.addAll(console.failedDownstream());
        downstream.removeAll(seen);
        List<BuildReport> children = new ArrayList<>();
        String note = null;
        if (!downstream.isEmpty() && depth >= maxDepth) {
            note = "Downstream builds below depth " + maxDepth + " were not analysed: " + names(downstream);
        } else {
            List<JenkinsPaths.JobBuild> list = new ArrayList<>(downstream);
            if (list.size() > maxChildren) {
                note = (list.size() - maxChildren) + " more failed downstream builds were not analysed: "
                        + names(list.subList(maxChildren, list.size()));
                list = list.subList(0, maxChildren);
            }
            for (JenkinsPaths.JobBuild child : list) {
                BuildReport report = readChild(target, child, depth + 1, seen);
                if (report != null && !report.succeeded()) {
                    children.add(report);
                }
            }
        }
        // the console explains the failure only when the tests do not: a build that failed before (or besides) its tests
        List<ConsoleFinding> findings = anyTestFailed || !children.isEmpty() && console.findings().stream()
                .allMatch(f -> f.kind().equals("build_error")) ? List.of() : console.findings();
        if (!succeeded && !anyTestFailed && children.isEmpty() && findings.isEmpty() && !building) {
            findings = List.of(new ConsoleFinding("build_error", "The build failed", "Build result " + result
                    + (failedStages.isEmpty() ? "" : " in stage " + failedStages.getFirst()), console.excerpt()));
        }
        return new BuildReport(jobName, number, url, result, building, tests, failedStages, findings, children, note);
    }

    private @Nullable BuildReport readChild(JenkinsTarget target, JenkinsPaths.JobBuild child, int depth,
            Set<JenkinsPaths.JobBuild> seen) {
        try {
            return read(target, child.jobName(), child.number(), false, depth, seen);
        } catch (JenkinsException e) {
            if (e.code().equals(JenkinsException.NOT_FOUND)) {
                return new BuildReport(child.jobName(), child.number(), target.base().resolve(JenkinsPaths.jobPath(
                        child.jobName()) + child.number() + "/").toString(), null, false, null, List.of(), List.of(),
                        List.of(), "This downstream build could not be read: " + e.getMessage());
            }
            throw e;
        }
    }

    private @Nullable List<BuildReport.TestCase> testsOf(JenkinsTarget target, String path) {
        return client.jsonIfPresent(target, path + "testReport/api/json").map(BuildReader::cases).orElse(null);
    }

    static List<BuildReport.TestCase> cases(JsonNode report) {
        List<BuildReport.TestCase> cases = new ArrayList<>();
        // a pipeline's aggregated report nests the per-job reports under childReports
        for (JsonNode child : report.path("childReports")) {
            cases.addAll(cases(child.path("result")));
        }
        for (JsonNode suite : report.path("suites")) {
            String suiteName = text(suite.path("name"));
            for (JsonNode c : suite.path("cases")) {
                cases.add(new BuildReport.TestCase(c.path("className").asString(""), c.path("name").asString(""), suiteName,
                        c.path("status").asString(c.path("skipped").asBoolean(false) ? "SKIPPED" : "PASSED"),
                        Math.round(c.path("duration").asDouble(0) * 1000), text(c.path("errorDetails")),
                        text(c.path("errorStackTrace"))));
            }
        }
        return cases;
    }

    private List<String> failedStages(JenkinsTarget target, String path) {
        List<String> failed = new ArrayList<>();
        client.jsonIfPresent(target, path + "wfapi/describe").ifPresent(describe -> {
            for (JsonNode stage : describe.path("stages")) {
                String status = stage.path("status").asString("");
                if (status.equals("FAILED") || status.equals("ABORTED") || status.equals("UNSTABLE")) {
                    failed.add(stage.path("name").asString(""));
                }
            }
        });
        return failed;
    }

    /**
     * Streams the console through the scanner, reading at most {@code consoleMaxBytes}: from the end when the log is
     * longer, because a build's failure is told last.
     */
    private void readConsole(JenkinsTarget target, String path, ConsoleScanner console) {
        URI first = target.base().resolve(path + "logText/progressiveText?start=0");
        JenkinsClient.Streamed streamed;
        try {
            streamed = client.stream(target, first);
        } catch (JenkinsException e) {
            if (e.code().equals(JenkinsException.NOT_FOUND)) {
                return; // a build whose log was discarded still has its tests and stages
            }
            throw e;
        }
        long size = streamed.headers().firstValueAsLong("X-Text-Size").orElse(-1);
        if (size > consoleMaxBytes) {
            close(streamed.body());
            streamed = client.stream(target, target.base().resolve(path + "logText/progressiveText?start="
                    + (size - consoleMaxBytes)));
        }
        try (InputStream body = streamed.body();
                BufferedReader reader = new BufferedReader(new InputStreamReader(new BoundedInputStream(body, consoleMaxBytes),
                        StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                console.accept(line);
            }
        } catch (IOException e) {
            throw new JenkinsException(JenkinsException.UNREACHABLE, "The console of " + path + " could not be read to the end");
        }
    }

    private static Set<JenkinsPaths.JobBuild> declaredDownstream(JsonNode info) {
        Set<JenkinsPaths.JobBuild> out = new LinkedHashSet<>();
        for (JsonNode sub : info.path("subBuilds")) {
            if ("SUCCESS".equals(sub.path("result").asString(""))) {
                continue;
            }
            String name = sub.path("jobName").asString("");
            int number = sub.path("buildNumber").asInt(0);
            JenkinsPaths.JobBuild fromUrl = sub.path("url").isString() ? JenkinsPaths.parseBuildUrl(sub.path("url").asString()) : null;
            if (fromUrl != null) {
                out.add(fromUrl);
            } else if (!name.isEmpty() && number > 0) {
                out.add(new JenkinsPaths.JobBuild(name, number));
            }
        }
        for (JsonNode action : info.path("actions")) {
            for (JsonNode triggered : action.path("triggeredBuilds")) {
                if ("SUCCESS".equals(triggered.path("result").asString(""))) {
                    continue;
                }
                JenkinsPaths.JobBuild build = triggered.path("url").isString()
                        ? JenkinsPaths.parseBuildUrl(triggered.path("url").asString()) : null;
                if (build != null) {
                    out.add(build);
                }
            }
        }
        return out;
    }

    private static String names(Iterable<JenkinsPaths.JobBuild> builds) {
        List<String> names = new ArrayList<>();
        builds.forEach(b -> names.add(b.jobName() + " #" + b.number()));
        return String.join(", ", names);
    }

    private static @Nullable String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the first response is abandoned for one from a later offset
        }
    }

    /** Stops reading after a limit. */
    static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
