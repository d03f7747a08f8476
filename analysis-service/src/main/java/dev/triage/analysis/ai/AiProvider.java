package dev.triage.analysis.ai;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** One configured AI provider: sends a prompt, returns the answer text and its token usage. */
interface AiProvider {

    /** The configured name ({@code ai_provider} in requests). */
    String name();

    /** {@code claude}, {@code gemini}, {@code cursor} or {@code openai}. */
    String kind();

    /** The model used when a request names none. */
    String defaultModel();

    /**
     * Asks once; no retries here.
     *
     * @param workdir the job's workspace (the cloned repositories), or null
     * @throws AiCallFailed when there is no answer within the timeout, or the provider failed
     */
    AiReply ask(String prompt, String model, Duration timeout, @Nullable Path workdir);
}
