package dev.triage.history.jobs;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.triage.history.Documents;
import dev.triage.history.HistoryProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code job_feeds} collection: the newest jobs overall (feed {@code "all"}) and per job name (feed
 * {@code "name:" + job name}), each with its failure count, oldest first, bounded by
 * {@link HistoryProperties#feedSize()}. Lists, pages and totals of {@code /history/failures}, the dashboard and job
 * statistics read a feed's pages instead of scanning the jobs.
 *
 * <p>A feed is a run of numbered entries in pages of {@value #PAGE}: each listed job takes the next number of the
 * feed's counter, and its entry {@code {job_id, failures}} is set in its page ({@code _id = feed + "#" + page}, field
 * {@code entries.<number>}); a membership document ({@code _id = feed + "@" + job id}) remembers the number. Listing a
 * job and changing its count are small keyed writes, whatever the feed's length: a feed kept as one document was read
 * and rewritten whole for every job, which at the default 5,000 entries is ~300 KB per job. Pages that fall out of the
 * window are deleted with their memberships.
 *
 * <p>Every write is a single keyed insert, update or delete, so unlike the other read models the feeds need no guarded
 * read-modify-write ({@link Documents#update}). Idempotent: a job keeps its number (a membership exists once, by its
 * key) and its count is set, never incremented.
 * Two writers listing the same job at once take two numbers; the one that loses the membership insert uses the
 * winner's, so the feed has a gap, not a duplicate. Feeds written as one document by earlier versions are moved into
 * pages the first time this process touches them.
 */
@Repository
public class JobFeeds {

    public static final String ALL = "all";
    public static final String COLLECTION = "job_feeds";
    /** Entries per page document. */
    static final int PAGE = 100;
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;
    private final JobHistories counters;
    private final HistoryProperties settings;
    /** Feeds this process has checked for an old single-document form. */
    private final Set<String> current = ConcurrentHashMap.newKeySet();

    JobFeeds(MongoTemplate mongo, JobHistories counters, HistoryProperties settings) {
        this.mongo = mongo;
        this.counters = counters;
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
     * end (the oldest dropping out beyond the feed's size).
     *
     * @param byFeed the jobs' counts by feed, each feed's jobs in the order they are to be listed
     */
    void putAll(Map<String, ? extends Map<String, Long>> byFeed) {
        byFeed.keySet().forEach(this::moveSingleDocumentFeed);
        Map<String, Long> numbers = numbers(byFeed);
        Map<String, Document> pages = new LinkedHashMap<>();
        byFeed.forEach((feed, jobs) -> jobs.forEach((jobId, failures) -> {
            long number = numbers.get(membershipId(feed, jobId));
            pages.computeIfAbsent(pageId(feed, number / PAGE), id -> new Document())
                    .append("entries." + number, new Document("job_id", jobId).append("failures", failures));
        }));
        List<WriteModel<Document>> writes = new ArrayList<>();
        pages.forEach((id, set) -> writes.add(new UpdateOneModel<>(eq("_id", id), new Document("$set", set),
                new UpdateOptions().upsert(true))));
        if (!writes.isEmpty()) {
            mongo.getCollection(COLLECTION).bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * The number of every job in its feed: those listed keep theirs, the others take the next ones of their feed's
     * counter, in order. Keyed by {@link #membershipId}.
     */
    private Map<String, Long> numbers(Map<String, ? extends Map<String, Long>> byFeed) {
        List<String> ids = new ArrayList<>();
        byFeed.forEach((feed, jobs) -> jobs.keySet().forEach(jobId -> ids.add(membershipId(feed, jobId))));
        Map<String, Long> numbers = listed(ids);
        List<WriteModel<Document>> memberships = new ArrayList<>();
        List<String> inserted = new ArrayList<>();
        byFeed.forEach((feed, jobs) -> {
            List<String> fresh = jobs.keySet().stream().map(jobId -> membershipId(feed, jobId))
                    .filter(id -> !numbers.containsKey(id)).toList();
            if (fresh.isEmpty()) {
                return;
            }
            long last = counters.next(counterId(feed), fresh.size());
            long number = last - fresh.size() + 1;
            for (String id : fresh) {
                numbers.put(id, number);
                memberships.add(new InsertOneModel<>(new Document("_id", id).append("number", number)));
                inserted.add(id);
                number++;
            }
            dropPagesBefore(feed, firstKept(last - fresh.size()), firstKept(last));
        });
        if (!memberships.isEmpty()) {
            try {
                mongo.getCollection(COLLECTION).bulkWrite(memberships, new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                List<String> taken = new ArrayList<>();
                for (BulkWriteError error : e.getWriteErrors()) {
                    if (error.getCode() != DUPLICATE_KEY) {
                        throw e;
                    }
                    taken.add(inserted.get(error.getIndex()));
                }
                // another writer listed these jobs first: theirs are the numbers
                numbers.putAll(listed(taken));
            }
        }
        return numbers;
    }

    private Map<String, Long> listed(Collection<String> membershipIds) {
        Map<String, Long> numbers = new HashMap<>();
        Documents.read(mongo, COLLECTION, membershipIds)
                .forEach((id, doc) -> numbers.put(id, ((Number) doc.get("number")).longValue()));
        return numbers;
    }

    /** The first page with an entry inside the window when the feed's newest number is {@code last}. */
    private long firstKept(long last) {
        return Math.max(0, last - settings.feedSize() + 1) / PAGE;
    }

    /**
     * Deletes the pages from {@code from} (inclusive) to {@code to} (exclusive) and the memberships of their jobs. A page
     * left behind by a crash, or re-created by a count set while it was dropped, is below the window: never read, and
     * small.
     */
    private void dropPagesBefore(String feed, long from, long to) {
        for (long page = from; page < to; page++) {
            Document dropped = mongo.getCollection(COLLECTION).find(eq("_id", pageId(feed, page))).first();
            if (dropped == null) {
                continue;
            }
            List<String> members = entriesOf(dropped).values().stream()
                    .map(entry -> membershipId(feed, entry.jobId())).toList();
            if (!members.isEmpty()) {
                mongo.getCollection(COLLECTION).deleteMany(in("_id", members));
            }
            mongo.getCollection(COLLECTION).deleteOne(eq("_id", pageId(feed, page)));
        }
    }

    /** The feed's entries, oldest first. */
    public List<Entry> entries(String feed) {
        moveSingleDocumentFeed(feed);
        Optional<Long> newest = counters.current(counterId(feed));
        if (newest.isEmpty()) {
            return List.of();
        }
        long last = newest.get();
        long oldest = Math.max(1, last - settings.feedSize() + 1);
        List<String> pages = new ArrayList<>();
        for (long page = oldest / PAGE; page <= last / PAGE; page++) {
            pages.add(pageId(feed, page));
        }
        TreeMap<Long, Entry> ordered = new TreeMap<>();
        for (Document page : Documents.read(mongo, COLLECTION, pages).values()) {
            entriesOf(page).forEach((number, entry) -> {
                if (number >= oldest) {
                    ordered.put(number, entry);
                }
            });
        }
        return List.copyOf(ordered.values());
    }

    private static Map<Long, Entry> entriesOf(Document page) {
        Map<Long, Entry> entries = new HashMap<>();
        if (page.get("entries") instanceof Document numbered) {
            numbered.forEach((number, value) -> {
                if (value instanceof Document entry) {
                    entries.put(Long.parseLong(number), new Entry(entry.getString("job_id"),
                            ((Number) entry.getOrDefault("failures", 0)).longValue()));
                }
            });
        }
        return entries;
    }

    /**
     * Moves a feed that an earlier version kept as one document ({@code _id = feed}, field {@code jobs}) into pages, in
     * its order, once per feed and process.
     */
    @SuppressWarnings("unchecked")
    private void moveSingleDocumentFeed(String feed) {
        if (current.contains(feed)) {
            return;
        }
        Document old = mongo.getCollection(COLLECTION).find(eq("_id", feed)).first();
        // marked before moving, so that the move's own putAll does not look again
        current.add(feed);
        if (old != null) {
            Map<String, Long> jobs = new LinkedHashMap<>();
            for (Document job : (List<Document>) old.getOrDefault("jobs", List.of())) {
                jobs.put(job.getString("job_id"), ((Number) job.getOrDefault("failures", 0)).longValue());
            }
            putAll(Map.of(feed, jobs));
            mongo.getCollection(COLLECTION).deleteOne(eq("_id", feed));
        }
    }

    private static String pageId(String feed, long page) {
        return feed + "#" + page;
    }

    private static String membershipId(String feed, String jobId) {
        return feed + "@" + jobId;
    }

    private static String counterId(String feed) {
        return "feed:" + feed;
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
