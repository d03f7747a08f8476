package dev.triage.analysis.jobs;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Adds the Jenkins fields to a finished result: {@code job_name}, {@code build_number}, {@code jenkins_url}, and moves
 * the failures of downstream builds from the top-level list into {@code child_job_analyses} (recursive, each with
 * {@code failures}, {@code failed_children} and {@code note}). Failures are grouped and classified across the whole
 * tree first, so one root cause in several child jobs is one group.
 */
final class JenkinsResults {

    private JenkinsResults() {
    }

    static void decorate(Document result, JenkinsSource source, List<FailureGroup> groups) {
        JenkinsSource.Node build = source.build();
        @SuppressWarnings("unchecked")
        List<Document> listed = (List<Document>) result.get("failures");
        // the listed failure documents follow the groups' order (up to the stored maximum): pair each with its item
        Map<JenkinsSource.Node, List<Document>> byChild = new IdentityHashMap<>();
        List<Document> top = new ArrayList<>();
        int index = 0;
        outer:
        for (FailureGroup group : groups) {
            for (FailureItem failure : group.failures()) {
                if (index >= listed.size()) {
                    break outer;
                }
                Document doc = listed.get(index++);
                JenkinsSource.Node owner = source.owners().get(failure);
                if (owner == null || !failure.testId().equals(doc.getString("test_id"))) {
                    top.add(doc);
                } else {
                    byChild.computeIfAbsent(owner, n -> new ArrayList<>()).add(doc);
                }
            }
        }
        result.append("job_name", build.jobName())
                .append("build_number", build.number())
                .append("jenkins_url", build.url())
                .append("build_result", build.result())
                .append("failed_stages", build.stages())
                .append("failures", top)
                .append("child_job_analyses", children(build, byChild));
        if (build.note() != null) {
            result.append("note", build.note());
        }
        if (source.artifacts() != null) {
            result.append("artifacts", source.artifacts());
        }
    }

    private static List<Document> children(JenkinsSource.Node parent, Map<JenkinsSource.Node, List<Document>> byChild) {
        List<Document> out = new ArrayList<>();
        for (JenkinsSource.Node child : parent.children()) {
            List<Document> failures = byChild.getOrDefault(child, List.of());
            out.add(new Document("job_name", child.jobName())
                    .append("build_number", child.number())
                    .append("jenkins_url", child.url())
                    .append("build_result", child.result())
                    .append("summary", summary(child, failures))
                    .append("failures", failures)
                    .append("failed_stages", child.stages())
                    .append("failed_children", children(child, byChild))
                    .append("note", child.note()));
        }
        return out;
    }

    private static String summary(JenkinsSource.Node child, List<Document> failures) {
        if (failures.isEmpty()) {
            return child.children().isEmpty() ? "Build " + child.result() + " with no failures of its own"
                    : "Failed through its downstream builds";
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Document failure : failures) {
            Object analysis = failure.get("analysis");
            String category = analysis instanceof Document d ? String.valueOf(d.get("classification")) : "UNKNOWN";
            counts.merge(category, 1, Integer::sum);
        }
        return failures.size() + " failure" + (failures.size() == 1 ? "" : "s") + " " + counts;
    }
}
