package dev.triage.history.jobs;

import dev.triage.events.EventTypes;
import dev.triage.events.analysis.AnalysisOutcome;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.platform.kafka.ConsumerMetrics;
import dev.triage.platform.kafka.PoisonMessageException;
import dev.triage.platform.web.RequestIds;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Takes outcome batches and job outcomes off Kafka; the work is in {@link RecordingOutcomes}.
 *
 * <p>Outcome batches arrive a poll at a time and are recorded together (each test read and written once per poll,
 * whatever the number of jobs in it). A record that can never be recorded is named to the error handler by its index
 * ({@link BatchListenerFailedException}): the records before it are recorded and committed, it goes to the dead-letter
 * topic (at once when it is poison, after the platform's retries otherwise), and the records after it come again.
 */
@Component
class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(OutcomeListener.class);
    private static final String CONSUMER = "history-outcomes";

    private final RecordingOutcomes recording;
    private final ConsumerMetrics metrics;

    OutcomeListener(RecordingOutcomes recording, ConsumerMetrics metrics) {
        this.recording = recording;
        this.metrics = metrics;
    }

    @KafkaListener(id = CONSUMER, topics = "triage.analysis.test-outcomes",
            containerFactory = OutcomeListenerConfiguration.FACTORY,
            concurrency = "${triage.history.projection-concurrency:2}",
            properties = {"max.poll.records=${triage.history.projection-poll-records:100}",
                "max.partition.fetch.bytes=${triage.history.projection-fetch-bytes:4194304}",
                // a poll waits (up to the linger) for more than one job: a signature every job shares is then read
                // and written once per several jobs, not once per job
                "fetch.min.bytes=${triage.history.projection-fetch-min-bytes:131072}",
                "fetch.max.wait.ms=${triage.history.projection-linger-ms:200}"})
    void on(List<ConsumerRecord<String, @Nullable Object>> records) {
        List<TestOutcomesRecorded> batches = new ArrayList<>(records.size());
        RuntimeException poison = null;
        for (ConsumerRecord<String, @Nullable Object> record : records) {
            try {
                batches.add(batchOf(record));
            } catch (RuntimeException e) {
                poison = e;
                break;
            }
        }
        record(batches);
        if (poison != null) {
            throw new BatchListenerFailedException(poison.getMessage(), poison, batches.size());
        }
    }

    /** Idempotent: the job's end state is set, not accumulated. */
    @KafkaListener(id = "history-completions", topics = "triage.analysis.completed")
    void on(AnalysisOutcome outcome) {
        recording.record(outcome);
        metrics.consumed("history-completions", EventTypes.nameOf(outcome.getClass()));
    }

    /**
     * Records the batches together; when that fails, one by one, so that the one that fails is named by its index and
     * the ones before it stay recorded (recording is idempotent, so what the failed attempt wrote is harmless).
     */
    private void record(List<TestOutcomesRecorded> batches) {
        if (batches.isEmpty()) {
            return;
        }
        // a batch listener bypasses the record interceptor that puts the request id in the log context
        try (var poll = MDC.putCloseable(RequestIds.MDC_KEY, requestIds(batches))) {
            log.debug("Recording {} outcome batches of one poll", batches.size());
            count(batches, recording.recordAll(batches));
            return;
        } catch (RuntimeException e) {
            log.warn("Recording {} outcome batches together failed ({}); recording them one by one", batches.size(),
                    e.toString());
        }
        for (int i = 0; i < batches.size(); i++) {
            TestOutcomesRecorded batch = batches.get(i);
            try (var one = MDC.putCloseable(RequestIds.MDC_KEY, requestIds(List.of(batch)))) {
                count(List.of(batch), List.of(recording.record(batch)));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("batch " + batch.batch() + " of job " + batch.jobId()
                        + " could not be recorded", e, i);
            }
        }
    }

    /** The request ids of a poll's batches for the log context: up to three, then how many more. */
    static String requestIds(List<TestOutcomesRecorded> batches) {
        List<String> ids = batches.stream().map(TestOutcomesRecorded::requestId)
                .filter(id -> id != null && !id.isBlank()).distinct().toList();
        String shown = String.join(",", ids.subList(0, Math.min(3, ids.size())));
        return ids.size() > 3 ? shown + ",+" + (ids.size() - 3) : shown;
    }

    private void count(List<TestOutcomesRecorded> batches, List<Boolean> changed) {
        for (int i = 0; i < batches.size(); i++) {
            if (changed.get(i)) {
                metrics.consumed(CONSUMER, "analysis.test-outcomes-recorded");
            } else {
                log.debug("Batch {} of job {} was recorded before", batches.get(i).batch(), batches.get(i).jobId());
                metrics.duplicateSkipped(CONSUMER);
            }
        }
    }

    /** The record's batch; a record that can never be one is poison. */
    private static TestOutcomesRecorded batchOf(ConsumerRecord<String, @Nullable Object> record) {
        Object value = record.value();
        if (value == null) {
            var unreadable = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
            throw unreadable != null ? new PoisonMessageException("unreadable outcome batch", unreadable)
                    : new PoisonMessageException("outcome batch without a value");
        }
        if (!(value instanceof TestOutcomesRecorded batch)) {
            throw new PoisonMessageException("not an outcome batch: " + value.getClass().getSimpleName());
        }
        if (batch.jobId() == null || batch.jobId().isBlank() || batch.occurredAt() == null) {
            throw new PoisonMessageException("outcome batch " + batch.eventId() + " lacks its job id or time");
        }
        return batch;
    }
}
