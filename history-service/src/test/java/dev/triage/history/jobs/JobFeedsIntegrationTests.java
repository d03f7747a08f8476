package dev.triage.history.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.history.HistoryProperties;
import dev.triage.testsupport.TriageIntegrationTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Feeds in pages: the newest jobs in order within the feed's size, counts set in place, old pages gone with their
 * memberships, replays changing nothing, and a feed stored as one document by an earlier version moved into pages.
 */
@TriageIntegrationTest
class JobFeedsIntegrationTests {

    private static final int SIZE = 250;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    JobHistories histories;

    private JobFeeds feeds;

    @BeforeEach
    void smallFeeds() {
        feeds = new JobFeeds(mongo, histories, new HistoryProperties(50, SIZE, new HistoryProperties.Flaky(10, 0.3, 4),
                new HistoryProperties.Regression(5), new HistoryProperties.Intermittent(20, 2),
                new HistoryProperties.Infrastructure(5), "", Duration.ofSeconds(5)));
    }

    @Test
    void aFeedKeepsTheNewestJobsInOrderAndDropsOldPagesWithTheirMemberships() {
        String feed = JobFeeds.ofName("pages");
        // polls of 7 jobs, 1,000 jobs in all: the window moves across many page boundaries
        for (int poll = 0; poll < 1000 / 7 + 1; poll++) {
            Map<String, Long> jobs = new LinkedHashMap<>();
            IntStream.range(poll * 7, Math.min(1000, poll * 7 + 7)).forEach(j -> jobs.put("job-" + j, (long) j % 3));
            feeds.putAll(Map.of(feed, jobs));
        }

        List<JobFeeds.Entry> entries = feeds.entries(feed);
        assertThat(entries).hasSize(SIZE);
        assertThat(entries.getFirst()).isEqualTo(new JobFeeds.Entry("job-750", 750 % 3));
        assertThat(entries.getLast()).isEqualTo(new JobFeeds.Entry("job-999", 999 % 3));
        assertThat(entries).extracting(JobFeeds.Entry::jobId)
                .containsExactlyElementsOf(IntStream.range(750, 1000).mapToObj(j -> "job-" + j).toList());
        // what is stored stays bounded by the window: its pages (plus one started) and one membership per listed job
        long memberships = mongo.count(Query.query(Criteria.where("_id").regex("^name:pages@")), JobFeeds.COLLECTION);
        long pages = mongo.count(Query.query(Criteria.where("_id").regex("^name:pages#")), JobFeeds.COLLECTION);
        assertThat(memberships).isBetween((long) SIZE, (long) SIZE + JobFeeds.PAGE);
        assertThat(pages).isLessThanOrEqualTo(SIZE / JobFeeds.PAGE + 2);
        assertThat(mongo.findById("name:pages@job-100", Document.class, JobFeeds.COLLECTION)).isNull();
    }

    @Test
    void aListedJobKeepsItsPlaceWhenItsCountChangesAndAReplayChangesNothing() {
        String feed = JobFeeds.ofName("counts");
        feeds.putAll(Map.of(feed, orderedOf("a", 1L, "b", 2L, "c", 3L)));
        feeds.put(feed, "a", 9);
        feeds.putAll(Map.of(feed, orderedOf("d", 0L, "b", 5L)));
        List<JobFeeds.Entry> before = feeds.entries(feed);

        feeds.putAll(Map.of(feed, orderedOf("d", 0L, "b", 5L)));
        feeds.put(feed, "a", 9);

        assertThat(before).containsExactly(new JobFeeds.Entry("a", 9), new JobFeeds.Entry("b", 5),
                new JobFeeds.Entry("c", 3), new JobFeeds.Entry("d", 0));
        assertThat(feeds.entries(feed)).isEqualTo(before);
    }

    @Test
    void aFeedStoredAsOneDocumentIsMovedIntoPagesInItsOrder() {
        String feed = JobFeeds.ofName("older");
        mongo.insert(new Document("_id", feed).append("version", 3L).append("jobs", List.of(
                new Document("job_id", "o1").append("failures", 4L), new Document("job_id", "o2").append("failures", 0L))),
                JobFeeds.COLLECTION);

        feeds.put(feed, "n1", 2);

        assertThat(feeds.entries(feed)).containsExactly(new JobFeeds.Entry("o1", 4), new JobFeeds.Entry("o2", 0),
                new JobFeeds.Entry("n1", 2));
        assertThat(mongo.findById(feed, Document.class, JobFeeds.COLLECTION)).isNull();
    }

    @Test
    void aFeedNeverWrittenIsEmpty() {
        assertThat(feeds.entries(JobFeeds.ofName("never"))).isEmpty();
    }

    private static Map<String, Long> orderedOf(Object... pairs) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Long) pairs[i + 1]);
        }
        return map;
    }
}
