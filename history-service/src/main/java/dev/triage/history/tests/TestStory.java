package dev.triage.history.tests;

import dev.triage.events.Topics;
import dev.triage.events.history.RegressionDetected;
import dev.triage.events.history.TestBecameFlaky;
import dev.triage.history.outbox.Outbox;
import dev.triage.platform.kafka.PendingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * One test's document ({@code _id} = test id) and how a run changes it. The document keeps the newest runs (bounded),
 * all-time counters, the current failure streak, the signatures the test failed with and the labels that follow from
 * the runs. Fields other writers own (comments, classifications) are carried over untouched.
 */
final class TestStory {

    private static final int SIGNATURES_KEPT = 50;
    private static final Comparator<Run> ORDER = Comparator.comparing(Run::at).thenComparing(Run::jobId);

    private final Document doc;
    private final List<Run> runs;
    /** Whether {@link #runs} changed since the document's {@code runs} were written from it. */
    private boolean runsChanged;

    private TestStory(Document doc) {
        this.doc = doc;
        this.runs = new ArrayList<>(runsOf(doc));
    }

    static TestStory of(Document doc) {
        return new TestStory(doc);
    }

    static TestStory empty(String testId, @Nullable String suite) {
        return new TestStory(new Document("_id", testId).append("suite", suite).append("version", 0L)
                .append("runs", List.of()).append("total_runs", 0L).append("failures", 0L).append("passes", 0L)
                .append("skipped", 0L).append("consecutive_failures", 0).append("signatures", List.of())
                .append("labels", List.of()));
    }

    long version() {
        Number v = doc.get("version", Number.class);
        return v == null ? 0 : v.longValue();
    }

    boolean isNew() {
        return version() == 0;
    }

    /**
     * The document with every run recorded so far. The runs are turned into sub-documents here, once, rather than after
     * each run: a write that records the runs of several jobs rebuilds the list once.
     */
    Document document() {
        if (runsChanged) {
            doc.put("runs", runs.stream().map(Run::toStored).toList());
            runsChanged = false;
        }
        return doc;
    }

    /**
     * Records one run. A run of a job already in the window, or older than every run of a full window, was applied
     * before (a redelivery or a replay) and changes nothing.
     *
     * @return the events the change announces (also stored in the document's outbox), or null when it was a duplicate
     */
    @Nullable List<PendingEvent> record(Run run, int runsKept, Labels labels, String requestId) {
        if (runs.stream().anyMatch(r -> r.jobId().equals(run.jobId()))) {
            return null;
        }
        if (runs.size() >= runsKept && ORDER.compare(run, runs.getFirst()) < 0) {
            return null;
        }
        Set<String> knownSignatures = signatureNames();
        boolean wasFlaky = hasLabel(Label.FLAKY);
        runs.add(run);
        runs.sort(ORDER);
        boolean newest = runs.getLast() == run;
        while (runs.size() > runsKept) {
            runs.removeFirst();
        }
        count(run);
        if (run.failed()) {
            addSignature(run);
        }
        List<PendingEvent> events = new ArrayList<>();
        Label regression = regressionOf();
        if (newest) {
            doc.put("consecutive_failures", run.failed() ? intOf("consecutive_failures") + 1
                    : "skipped".equals(run.outcome()) ? intOf("consecutive_failures") : 0);
            if (run.passed()) {
                regression = null;
            } else if (run.failed()) {
                var detected = labels.regression(runs, knownSignatures);
                if (detected.isPresent()) {
                    regression = detected.get();
                    events.add(PendingEvent.of(Topics.HISTORY_EVENTS, RegressionDetected.of(requestId, run.jobId(), id(),
                            run.jobName(), run.signature(), regression.evidence().subList(0, regression.evidence().size() - 1))));
                }
            }
        } else {
            doc.put("consecutive_failures", streak());
        }
        List<Label> current = new ArrayList<>();
        Optional<Label> flakyNow = labels.flaky(runs);
        flakyNow.ifPresent(current::add);
        if (flakyNow.isEmpty()) {
            labels.failsNowAndThen(runs).ifPresent(current::add);
        }
        if (regression != null) {
            current.add(regression);
        }
        if (!wasFlaky && current.stream().anyMatch(l -> l.label().equals(Label.FLAKY))) {
            Label flaky = current.getFirst();
            events.add(PendingEvent.of(Topics.HISTORY_EVENTS,
                    TestBecameFlaky.of(requestId, run.jobId(), id(), flaky.reason(), flaky.evidence())));
        }
        runsChanged = true;
        doc.put("labels", current.stream().map(Label::toDocument).toList());
        doc.put("regression", regression == null ? null : regression.toDocument());
        Outbox.append(doc, events);
        return events;
    }

    String id() {
        return doc.getString("_id");
    }

    private void count(Run run) {
        doc.put("total_runs", longOf("total_runs") + 1);
        Date at = Date.from(run.at());
        if (run.failed()) {
            doc.put("failures", longOf("failures") + 1);
            doc.put("last_failure_at", later(doc.getDate("last_failure_at"), at));
            Date first = doc.getDate("first_failure_at");
            doc.put("first_failure_at", first == null || at.before(first) ? at : first);
        } else if (run.passed()) {
            doc.put("passes", longOf("passes") + 1);
            doc.put("last_pass_at", later(doc.getDate("last_pass_at"), at));
        } else {
            doc.put("skipped", longOf("skipped") + 1);
        }
    }

    private int streak() {
        int streak = 0;
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).failed()) {
                streak++;
            } else if (runs.get(i).passed()) {
                break;
            }
        }
        return streak;
    }

    @SuppressWarnings("unchecked")
    private void addSignature(Run run) {
        if (run.signature() == null) {
            return;
        }
        List<Document> signatures = new ArrayList<>((List<Document>) doc.getOrDefault("signatures", List.of()));
        Document found = signatures.stream().filter(s -> run.signature().equals(s.getString("signature"))).findFirst()
                .orElse(null);
        Date at = Date.from(run.at());
        if (found == null) {
            signatures.add(new Document("signature", run.signature()).append("count", 1L).append("first_seen", at)
                    .append("last_seen", at));
        } else {
            found.put("count", found.get("count", Number.class).longValue() + 1);
            found.put("last_seen", later(found.getDate("last_seen"), at));
        }
        signatures.sort(Comparator.comparing((Document s) -> s.getDate("last_seen")));
        doc.put("signatures", signatures.subList(Math.max(0, signatures.size() - SIGNATURES_KEPT), signatures.size()));
    }

    @SuppressWarnings("unchecked")
    private Set<String> signatureNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Document s : (List<Document>) doc.getOrDefault("signatures", List.of())) {
            names.add(s.getString("signature"));
        }
        return names;
    }

    private @Nullable Label regressionOf() {
        Document regression = doc.get("regression", Document.class);
        return regression == null ? null : Label.of(regression);
    }

    @SuppressWarnings("unchecked")
    private boolean hasLabel(String label) {
        return ((List<Document>) doc.getOrDefault("labels", List.of())).stream().anyMatch(l -> label.equals(l.getString("label")));
    }

    private long longOf(String field) {
        Number n = doc.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private int intOf(String field) {
        Number n = doc.get(field, Number.class);
        return n == null ? 0 : n.intValue();
    }

    private static Date later(@Nullable Date current, Date candidate) {
        return current == null || candidate.after(current) ? candidate : current;
    }

    static List<Run> runsOf(Document doc) {
        return ((List<?>) doc.getOrDefault("runs", List.of())).stream().map(Run::of).toList();
    }

    static Instant instant(@Nullable Date date) {
        return date == null ? Instant.EPOCH : date.toInstant();
    }
}
