package dev.triage.gateway.jobs;

import java.util.List;

/** The states of a job, written in lower case on the wire and in the store. */
public final class JobStatus {

    public static final String PENDING = "pending";
    public static final String WAITING = "waiting";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** States a job leaves only by finishing. */
    public static final List<String> UNFINISHED = List.of(PENDING, WAITING, RUNNING);
    /** States a job never leaves. */
    public static final List<String> FINISHED = List.of(COMPLETED, FAILED, CANCELLED);
    /** Every state, for metrics. */
    public static final List<String> ALL = List.of(PENDING, WAITING, RUNNING, COMPLETED, FAILED, CANCELLED);

    private JobStatus() {
    }

    public static boolean isFinished(String status) {
        return FINISHED.contains(status);
    }
}
