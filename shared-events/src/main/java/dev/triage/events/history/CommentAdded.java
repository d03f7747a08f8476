package dev.triage.events.history;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Someone commented on a failure of a job.
 *
 * @param jobId     the job, also the subject id
 * @param commentId the comment's id, unique across jobs
 * @param testName  the failure commented on
 * @param author    who wrote it (a user name, or {@code anonymous} without authentication)
 * @param comment   the text
 * @param mentions  user names mentioned with {@code @name}, without the {@code @}, in order of appearance, no duplicates
 */
public record CommentAdded(UUID eventId, Instant occurredAt, String requestId, int schemaVersion, String jobId,
        long commentId, String testName, String author, String comment, List<String> mentions) implements HistoryEvent {

    public static final int SCHEMA_VERSION = 1;

    public CommentAdded {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    public static CommentAdded of(String requestId, String jobId, long commentId, String testName, String author,
            String comment, List<String> mentions) {
        return new CommentAdded(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, commentId, testName,
                author, comment, mentions);
    }
}
