package dev.triage.analysis.jenkins;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What was read of one build, with its failed downstream builds.
 *
 * @param jobName      the job, folder style ({@code folder/job})
 * @param number       the build number
 * @param url          the build's URL
 * @param result       Jenkins' result ({@code SUCCESS}, {@code UNSTABLE}, {@code FAILURE}, {@code ABORTED}, ...), null
 *                     while building
 * @param building     the build is still running
 * @param tests        the JUnit test report's cases; null when the build has none
 * @param failedStages names of pipeline stages that did not succeed, in order
 * @param findings     what the console says went wrong (only read when the build did not succeed)
 * @param children     failed downstream builds, analysed the same way
 * @param note         why some downstream builds were not followed (depth or count limit), or null
 */
public record BuildReport(String jobName, int number, String url, @Nullable String result, boolean building,
        @Nullable List<TestCase> tests, List<String> failedStages, List<ConsoleFinding> findings,
        List<BuildReport> children, @Nullable String note) {

    public boolean succeeded() {
        return "SUCCESS".equals(result);
    }

    /**
     * One test case of a Jenkins test report.
     *
     * @param className    the class (or suite path)
     * @param name         the test name
     * @param suite        the suite it was reported in
     * @param status       {@code PASSED}, {@code FIXED}, {@code SKIPPED}, {@code FAILED} or {@code REGRESSION}
     * @param durationMs   duration
     * @param errorDetails the failure message
     * @param stackTrace   the failure's stack trace
     */
    public record TestCase(String className, String name, @Nullable String suite, String status, long durationMs,
            @Nullable String errorDetails, @Nullable String stackTrace) {

        public boolean failed() {
            return status.equals("FAILED") || status.equals("REGRESSION");
        }

        public boolean skipped() {
            return status.equals("SKIPPED");
        }
    }
}
