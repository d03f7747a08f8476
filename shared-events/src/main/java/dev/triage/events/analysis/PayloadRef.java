package dev.triage.events.analysis;

/**
 * A claim check: where a job's input is stored, so events never carry it.
 *
 * @param id          the id of the stored payload (the payload store's id)
 * @param contentType {@code application/json} for a failure list, {@code application/xml} for a report
 * @param sizeBytes   the stored size
 * @param sha256      hex digest of the stored bytes, so a reader can tell a truncated payload
 */
public record PayloadRef(String id, String contentType, long sizeBytes, String sha256) {
}
