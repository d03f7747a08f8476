package dev.triage.analysis.jobs;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The build tree a Jenkins job's failures came from: which failure belongs to which downstream build, so the result can
 * list each under its build ({@code child_job_analyses}) after all of them were grouped and classified together.
 *
 * @param build     the requested build
 * @param owners    the downstream build of each failure that is not the requested build's own (by identity)
 * @param artifacts what was fetched from the artifacts, or null when not asked
 */
record JenkinsSource(Node build, Map<FailureItem, Node> owners, @Nullable Document artifacts) {

    JenkinsSource {
        owners = owners instanceof IdentityHashMap<FailureItem, Node> ? owners : new IdentityHashMap<>(owners);
    }

    /**
     * One build of the tree.
     *
     * @param jobName  job
     * @param number   build number
     * @param url      build URL
     * @param result   Jenkins' result
     * @param stages   failed pipeline stages
     * @param note     why some downstream builds were not followed
     * @param children failed downstream builds
     */
    record Node(String jobName, int number, String url, @Nullable String result, List<String> stages, @Nullable String note,
            List<Node> children) {
    }
}
