package dev.triage.analysis.learning;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.analysis.AnalysisProperties;
import dev.triage.analysis.classify.Classification;
import dev.triage.analysis.classify.FailureEvidence;
import dev.triage.analysis.classify.VerdictMemory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Verdicts people gave, by signature ({@code learned_verdicts}, {@code _id} = signature), and what each signature
 * looked like ({@code signature_evidence}, {@code _id} = signature) so that an override can be matched to similar ones.
 *
 * <p>Exact look-ups read the store by {@code _id}, so every instance sees a verdict as soon as it is stored. Similarity
 * look-ups use an in-memory index per instance, bounded to {@code max-indexed} verdicts and bucketed by exception type,
 * filled from the store at start-up and refreshed with what other instances learned, so a look-up never scans a
 * collection (the embedded store has no secondary indexes).
 */
@Component
public class LearnedVerdicts implements VerdictMemory {

    static final String VERDICTS = "learned_verdicts";
    static final String EVIDENCE = "signature_evidence";
    /** The rule name of a learned verdict. */
    public static final String RULE = "learned";

    private static final Logger log = LoggerFactory.getLogger(LearnedVerdicts.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    /** Signatures whose evidence this instance stored lately: spares a write per failure group of every job. */
    private static final int RECENTLY_OBSERVED = 10_000;
    /** How alike two failures with the same signature must read for a verdict on one to hold for the other. */
    static final double SAME_SIGNATURE_SIMILARITY = 0.5;

    private final MongoTemplate mongo;
    private final AnalysisProperties.Learning settings;
    private final Map<String, Map<String, LearnedVerdict>> index = new ConcurrentHashMap<>();
    private final AtomicInteger indexed = new AtomicInteger();
    private final Set<String> observed = ConcurrentHashMap.newKeySet();
    private volatile Instant refreshedUpTo = Instant.EPOCH;

    LearnedVerdicts(MongoTemplate mongo, AnalysisProperties properties) {
        this.mongo = mongo;
        this.settings = properties.classification().learning();
    }

    /**
     * Stores a verdict unless a newer one for the same signature is stored already (a guard in the update filter, so
     * a redelivered or out-of-order event changes nothing).
     *
     * @return false when the event was a duplicate or older than the stored verdict
     */
    boolean learn(LearnedVerdict verdict, String eventId) {
        Query newer = Query.query(where("_id").is(verdict.signature()).and("decided_at").lt(Date.from(verdict.decidedAt())));
        Update update = new Update().set("category", verdict.category()).set("actor", verdict.actor())
                .set("decided_at", Date.from(verdict.decidedAt())).set("job_id", verdict.jobId()).set("event_id", eventId)
                .set("bucket", verdict.bucket()).set("tokens", List.copyOf(verdict.tokens()))
                .set("learned_at", new Date());
        try {
            mongo.upsert(newer, update, VERDICTS);
        } catch (DuplicateKeyException e) {
            // the signature has a verdict at least as new: this event is a duplicate or arrived late
            return false;
        }
        put(verdict);
        return true;
    }

    /** The stored verdict of one signature. */
    Optional<LearnedVerdict> find(String signature) {
        return Optional.ofNullable(mongo.findById(signature, Document.class, VERDICTS)).map(LearnedVerdicts::verdict);
    }

    /** The similarity material stored for a signature when a job classified it. */
    Optional<Tokens.Material> evidence(String signature) {
        Document doc = mongo.findById(signature, Document.class, EVIDENCE);
        return doc == null ? Optional.empty() : Optional.of(new Tokens.Material(doc.getString("bucket"), tokens(doc)));
    }

    @Override
    public Optional<Classification> recall(String signature, FailureEvidence evidence) {
        return settings.enabled() ? recall(find(signature), evidence) : Optional.empty();
    }

    @Override
    public VerdictMemory readAhead(Collection<String> signatures) {
        if (!settings.enabled()) {
            return this;
        }
        Set<String> asked = Set.copyOf(signatures);
        Map<String, LearnedVerdict> stored = new HashMap<>();
        mongo.find(Query.query(where("_id").in(asked)), Document.class, VERDICTS)
                .forEach(doc -> stored.put(doc.getString("_id"), verdict(doc)));
        LearnedVerdicts memory = this;
        return new VerdictMemory() {
            @Override
            public Optional<Classification> recall(String signature, FailureEvidence evidence) {
                return asked.contains(signature) ? memory.recall(Optional.ofNullable(stored.get(signature)), evidence)
                        : memory.recall(signature, evidence);
            }

            @Override
            public void observe(String signature, FailureEvidence evidence) {
                memory.observe(signature, evidence);
            }
        };
    }

    private Optional<Classification> recall(Optional<LearnedVerdict> exact, FailureEvidence evidence) {
        Tokens.Material material = Tokens.of(evidence);
        if (exact.isPresent() && sameText(exact.get(), material)) {
            LearnedVerdict v = exact.get();
            return Optional.of(new Classification(v.category(), 0.95, RULE, "Confirmed by " + v.actor() + " on "
                    + DAY.format(v.decidedAt()) + " (override in job " + v.jobId() + ")"));
        }
        return similar(material).map(match -> new Classification(match.verdict().category(),
                Math.round(0.9 * match.similarity() * 100) / 100.0, RULE, "Confirmed by " + match.verdict().actor() + " on "
                + DAY.format(match.verdict().decidedAt()) + " for the similar signature " + shortId(match.verdict().signature())
                + String.format(Locale.ROOT, " (token similarity %.2f)", match.similarity())));
    }

    /**
     * Whether a failure with a learned signature reads like the one people judged. Signatures of reports that put a
     * generic message on every failure ("Failed") and the detail in the body can be shared by unrelated failures; the
     * verdict applies only when their words agree too. Without words on either side the signature decides alone.
     */
    private static boolean sameText(LearnedVerdict verdict, Tokens.Material material) {
        return verdict.tokens().isEmpty() || material.tokens().isEmpty()
                || Tokens.similarity(verdict.tokens(), material.tokens()) >= SAME_SIGNATURE_SIMILARITY;
    }

    @Override
    public void observe(String signature, FailureEvidence evidence) {
        if (!settings.enabled() || observed.contains(signature)) {
            return;
        }
        Tokens.Material material = Tokens.of(evidence);
        try {
            mongo.insert(new Document("_id", signature).append("bucket", material.bucket())
                    .append("tokens", List.copyOf(material.tokens())).append("seen_at", new Date()), EVIDENCE);
        } catch (DuplicateKeyException e) {
            // stored by an earlier job or another instance: the first sighting is as good as any
        }
        if (observed.size() >= RECENTLY_OBSERVED) {
            observed.clear();
        }
        observed.add(signature);
    }

    /** A learned verdict of another signature and how similar it is. */
    record Match(LearnedVerdict verdict, double similarity) {
    }

    Optional<Match> similar(Tokens.Material material) {
        if (material.tokens().isEmpty()) {
            return Optional.empty();
        }
        Map<String, LearnedVerdict> bucket = index.get(material.bucket());
        if (bucket == null) {
            return Optional.empty();
        }
        Match best = null;
        for (LearnedVerdict candidate : bucket.values()) {
            double similarity = Tokens.similarity(material.tokens(), candidate.tokens());
            if (similarity >= settings.similarity() && (best == null || similarity > best.similarity()
                    || similarity == best.similarity() && candidate.decidedAt().isAfter(best.verdict().decidedAt()))) {
                best = new Match(candidate, similarity);
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Reads verdicts stored since the last refresh (by any instance) into the similarity index. The first run, at
     * start-up, reads them all.
     */
    @Scheduled(initialDelay = 0, fixedDelayString = "${triage.analysis.classification.learning.refresh-interval:30s}")
    void refresh() {
        if (!settings.enabled()) {
            return;
        }
        Instant started = Instant.now();
        // a margin for clocks of other instances and writes in flight; re-reading a verdict is harmless
        Query query = Query.query(where("learned_at").gte(Date.from(refreshedUpTo.minusSeconds(60))));
        query.cursorBatchSize(1_000);
        try (var documents = mongo.stream(query, Document.class, VERDICTS)) {
            documents.forEach(doc -> put(verdict(doc)));
        }
        refreshedUpTo = started;
    }

    int indexedCount() {
        return indexed.get();
    }

    private void put(LearnedVerdict verdict) {
        if (verdict.tokens().isEmpty()) {
            return;
        }
        Map<String, LearnedVerdict> bucket = index.computeIfAbsent(verdict.bucket(), b -> new ConcurrentHashMap<>());
        LearnedVerdict previous = bucket.get(verdict.signature());
        if (previous != null && previous.decidedAt().isAfter(verdict.decidedAt())) {
            return;
        }
        if (bucket.put(verdict.signature(), verdict) == null && indexed.incrementAndGet() > settings.maxIndexed()) {
            evictOldest();
        }
    }

    /** Drops the oldest decision; runs only when the index is full, so the scan is paid once per new verdict at most. */
    private synchronized void evictOldest() {
        while (indexed.get() > settings.maxIndexed()) {
            index.values().stream().flatMap(b -> b.values().stream()).min(Comparator.comparing(LearnedVerdict::decidedAt))
                    .ifPresentOrElse(oldest -> {
                        if (index.get(oldest.bucket()).remove(oldest.signature()) != null) {
                            indexed.decrementAndGet();
                        }
                    }, () -> indexed.set(0));
        }
    }

    private static LearnedVerdict verdict(Document doc) {
        return new LearnedVerdict(doc.getString("_id"), doc.getString("category"), doc.getString("actor"),
                doc.getDate("decided_at").toInstant(), doc.getString("job_id"), bucketOf(doc), tokens(doc));
    }

    private static String bucketOf(Document doc) {
        String bucket = doc.getString("bucket");
        return bucket == null ? "-" : bucket;
    }

    private static Set<String> tokens(Document doc) {
        Object value = doc.get("tokens");
        return value instanceof Collection<?> c ? new HashSet<>(c.stream().map(String::valueOf).toList()) : Set.of();
    }

    private static String shortId(@Nullable String signature) {
        return signature == null ? "" : signature.length() <= 12 ? signature : signature.substring(0, 12);
    }
}
