package dev.triage.gateway.jobs;

import dev.triage.events.analysis.AnalysisKind;
import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.events.analysis.PayloadRef;
import java.util.Locale;

/** Builds the request event of a job from its registry entry, for the first hand-out and every later one. */
public final class JobRequests {

    /** Content type of sealed secrets in the payload store. */
    public static final String SEALED = "application/vnd.triage.sealed";

    private JobRequests() {
    }

    public static AnalysisRequested requestOf(Job job) {
        PayloadRef payload = job.payloadId() == null ? null
                : new PayloadRef(job.payloadId(), job.payloadContentType(), job.payloadBytes(), job.payloadSha256());
        // the sealed tokens' size and digest are not needed to open them
        PayloadRef secrets = job.secretsId() == null ? null : new PayloadRef(job.secretsId(), SEALED, 0, "");
        return AnalysisRequested.of(job.requestId(), job.id(), AnalysisKind.valueOf(job.kind().toUpperCase(Locale.ROOT)),
                payload, job.requestParams(), secrets);
    }
}
