package dev.triage.history.jobs;

import dev.triage.history.Documents;
import dev.triage.history.HistoryProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code job_feeds} collection: the newest jobs overall ({@code _id = "all"}) and per job name
 * ({@code _id = "name:" + job name}), each with its failure count, oldest first, bounded. Lists, pages and totals of
 * {@code /history/failures}, the dashboard and job statistics read one feed document instead of scanning.
 *
 * <p>Idempotent: an entry is keyed by job id and its count is set (never incremented) from the job's document. Feeds
 * are read, changed and written whole, guarded like the other read models ({@link Documents}).
 */
@Repository
public class JobFeeds {

    public static final String ALL = "all";
    public static final String COLLECTION = "job_feeds";

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
        putAll(Map.of(feed, Map.of(jobId, failures)));
    }

    /**
     * Lists jobs in feeds with their current failure counts: a job already listed gets its count, a new one goes to the
     * end (the oldest dropping out beyond the feed's size). One read and one write per feed document, whatever the
     * number of jobs, so a poll of many jobs rewrites the overall feed once rather than once per job.
     *
     * @param byFeed the jobs' counts by feed, each feed's jobs in the order they are to be listed
     */
    @SuppressWarnings("unchecked")
    void putAll(Map<String, ? extends Map<String, Long>> byFeed) {
        Documents.updateAll(mongo, COLLECTION, byFeed.keySet(), (feed, stored) -> {
            List<Document> jobs = new ArrayList<>(stored == null ? List.of()
                    : (List<Document>) stored.getOrDefault("jobs", List.of()));
            Map<String, Integer> listed = new HashMap<>();
            for (int i = 0; i < jobs.size(); i++) {
                listed.put(jobs.get(i).getString("job_id"), i);
            }
            boolean changed = false;
            for (Map.Entry<String, Long> job : byFeed.get(feed).entrySet()) {
                Integer at = listed.get(job.getKey());
                if (at == null) {
                    listed.put(job.getKey(), jobs.size());
                    jobs.add(new Document("job_id", job.getKey()).append("failures", job.getValue()));
                    changed = true;
                } else if (((Number) jobs.get(at).getOrDefault("failures", 0)).longValue() != job.getValue()) {
                    jobs.set(at, new Document(jobs.get(at)).append("failures", job.getValue()));
                    changed = true;
                }
            }
            if (!changed) {
                return null;
            }
            Document doc = stored == null ? new Document() : stored;
            doc.put("jobs", List.copyOf(jobs.subList(Math.max(0, jobs.size() - settings.feedSize()), jobs.size())));
            return doc;
        });
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
