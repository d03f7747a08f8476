package dev.triage.analysis.jobs;

/** Ends a job as failed with a stable code; the message is for people and never holds a stack trace. */
class JobFailure extends RuntimeException {

    private final String code;

    JobFailure(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }

    static JobFailure cancelled() {
        return new JobFailure("cancelled", "Cancelled on request");
    }
}
