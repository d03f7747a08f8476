package dev.triage.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class DocumentsUnitTests {

    @Test
    void aListGrownAtItsEndAndTrimmedAtItsStartBecomesAPushWithSlice() {
        Document before = new Document("_id", "t").append("runs", List.of(run("a"), run("b"), run("c"))).append("total", 3L);
        Document after = new Document("_id", "t").append("runs", List.of(run("b"), run("c"), run("d"))).append("total", 4L);

        Document update = Documents.changes(Documents.copy(before), after);

        assertThat(update.get("$push", Document.class)).isEqualTo(new Document("runs",
                new Document("$each", List.of(run("d"))).append("$slice", -3)));
        assertThat(update.get("$set", Document.class)).isEqualTo(new Document("total", 4L));
        assertThat(update).doesNotContainKey("$unset");
    }

    @Test
    void aListChangedInsideIsSetWholeAndUnchangedFieldsAreLeftOut() {
        Document before = new Document("_id", "t").append("labels", List.of(new Document("label", "FLAKY")))
                .append("suite", "s").append("gone", 1);
        Document snapshot = Documents.copy(before);
        before.getList("labels", Document.class).getFirst().put("label", "INTERMITTENT");
        before.remove("gone");

        Document update = Documents.changes(snapshot, before);

        assertThat(update.get("$set", Document.class)).isEqualTo(new Document("labels",
                List.of(new Document("label", "INTERMITTENT"))));
        assertThat(update.get("$unset", Document.class)).isEqualTo(new Document("gone", ""));
        assertThat(update).doesNotContainKey("$push");
    }

    @Test
    void appendedIsNullWhenTheOldElementsAreNotThePrefix() {
        assertThat(Documents.appended(List.of("a", "b"), List.of("b", "x", "y"))).isEqualTo(List.of("x", "y"));
        assertThat(Documents.appended(List.of("a", "b"), List.of("x", "b", "c"))).isNull();
        assertThat(Documents.appended(List.of(), List.of("x"))).isEqualTo(List.of("x"));
    }

    @Test
    void severalElementsAppendedAtOnceAreFoundBehindTheKeptOnes() {
        // the runs of five jobs of one poll recorded in one write, the window full
        assertThat(Documents.appended(List.of("a", "b", "c", "d"), List.of("c", "d", "e", "f", "g", "h")))
                .isEqualTo(List.of("e", "f", "g", "h"));
        assertThat(Documents.appended(List.of("a", "b", "c", "d"), List.of("d", "e", "f", "g")))
                .isEqualTo(List.of("e", "f", "g"));
        assertThat(Documents.appended(List.of("a", "b"), List.of("e", "f"))).as("nothing kept: set whole").isNull();
        assertThat(Documents.appended(List.of("a", "b", "c"), List.of("a", "x", "c", "d"))).as("changed inside").isNull();
    }

    private static Document run(String job) {
        return new Document("job_id", job).append("outcome", "passed");
    }
}
