package dev.triage.analysis.jobs;

import dev.triage.events.analysis.AnalysisProgressed;
import dev.triage.events.analysis.ProgressStep;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * One job attempt's progress steps on their way to the registry. A step is held for
 * {@code triage.analysis.progress-hold} and then sent with any that joined it meanwhile; the steps still held when the
 * job ends travel inside its outcome. A job that ends within the hold thus costs one message instead of one per
 * phase, while a long phase is still seen within the hold.
 */
final class HeldProgress {

    private final ProgressTimer timer;
    private final List<AnalysisProgressed> held = new ArrayList<>();
    private @Nullable ScheduledFuture<?> due;

    HeldProgress(ProgressTimer timer) {
        this.timer = timer;
    }

    synchronized void add(AnalysisProgressed step) {
        if (!timer.holds()) {
            timer.publish(step);
            return;
        }
        held.add(step);
        if (due == null) {
            due = timer.later(this::send);
        }
    }

    /** Sends what is held now (the job waits for something outside, or the timer ran out). */
    synchronized void send() {
        held.forEach(timer::publish);
        held.clear();
        cancel();
    }

    /** Takes what is held, to travel with the job's outcome; nothing of it is sent separately any more. */
    synchronized List<ProgressStep> take() {
        List<ProgressStep> steps = held.stream().map(s -> new ProgressStep(s.sequence(), s.attempt(), s.phase(),
                s.message(), s.occurredAt())).toList();
        held.clear();
        cancel();
        return steps;
    }

    private void cancel() {
        if (due != null) {
            due.cancel(false);
            due = null;
        }
    }
}
