package dev.triage.history.jobs;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.history.HistoryProperties;
import java.util.List;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * The {@code job_feeds} collection: the newest jobs overall ({@code _id = "all"}) and per job name
 * ({@code _id = "name:" + job name}), each with its failure count, oldest first, bounded. Lists, pages and totals of
 * {@code /history/failures}, the dashboard and job statistics read one feed document instead of scanning.
 *
 * <p>Idempotent: an entry is keyed by job id and its count is set (never incremented) from the job's document.
 */
@Repository
public class JobFeeds {

    public static final String ALL = "all";
    static final String COLLECTION = "job_feeds";

    private final MongoTemplate mongo;
    private final HistoryProperties settings;

    JobFeeds(MongoTemplate mongo, HistoryProperties settings) {
        this.mongo = mongo;
        this.settings = settings;
    }

    public static String ofName(String jobName) {
        return "name:" + jobName;
    }

    /** Lists the job in the feed with its current failure count. */
    void put(String feed, String jobId, long failures) {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (mongo.updateFirst(Query.query(where("_id").is(feed).and("jobs.job_id").is(jobId)),
                    new Update().set("jobs.$.failures", failures), COLLECTION).getMatchedCount() == 1) {
                return;
            }
            try {
                mongo.upsert(Query.query(where("_id").is(feed).and("jobs.job_id").ne(jobId)), new Update().push("jobs")
                        .slice(-settings.feedSize()).each(new Document("job_id", jobId).append("failures", failures)),
                        COLLECTION);
                return;
            } catch (DuplicateKeyException raced) {
                // the job was listed meanwhile; set its count on the next attempt
            }
        }
    }

    /** The feed's entries, oldest first. */
    @SuppressWarnings("unchecked")
    public List<Entry> entries(String feed) {
        Document doc = mongo.findById(feed, Document.class, COLLECTION);
        if (doc == null) {
            return List.of();
        }
        return ((List<Document>) doc.getOrDefault("jobs", List.of())).stream()
                .map(d -> new Entry(d.getString("job_id"), ((Number) d.getOrDefault("failures", 0)).longValue())).toList();
    }

    /**
     * One listed job.
     *
     * @param jobId    the job
     * @param failures its failure rows
     */
    public record Entry(String jobId, long failures) {
    }
}
