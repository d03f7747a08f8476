package dev.triage.events.history;

import java.time.Instant;
import java.util.UUID;

/**
 * A person replaced the classification of a failure group; the classifier learns from these.
 *
 * @param jobId            the job, also the subject id
 * @param testName         the representative test of the failure group
 * @param signature        the group's error signature, when the history knows it; may be null
 * @param classification   the applied classification: {@code CODE ISSUE}, {@code PRODUCT BUG} or {@code INFRASTRUCTURE}
 * @param childJobName     the child job of a pipeline failure, or empty
 * @param childBuildNumber the child build number, or 0
 * @param actor            who overrode it
 */
public record ClassificationOverridden(UUID eventId, Instant occurredAt, String requestId, int schemaVersion, String jobId,
        String testName, String signature, String classification, String childJobName, int childBuildNumber,
        String actor) implements HistoryEvent {

    public static final int SCHEMA_VERSION = 1;

    public static ClassificationOverridden of(String requestId, String jobId, String testName, String signature,
            String classification, String childJobName, int childBuildNumber, String actor) {
        return new ClassificationOverridden(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, testName,
                signature, classification, childJobName, childBuildNumber, actor);
    }
}
