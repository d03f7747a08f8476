package dev.triage.platform.deadletters;

/**
 * A dead letter chosen for re-drive: the original topic and the record's coordinates in {@code <topic>.dlt}.
 *
 * @param topic     the original topic (a declared Triage topic)
 * @param partition partition in the dead-letter topic
 * @param offset    offset in the dead-letter topic
 */
public record RecordRef(String topic, int partition, long offset) {

    /** The key of this record's re-drive marker: unique per dead letter. */
    String markerId() {
        return topic + ".dlt/" + partition + "/" + offset;
    }
}
