package dev.triage.analysis.ai;

/**
 * What a provider answered: the model's text and what it cost.
 *
 * @param text  the model's answer (for the CLIs, the {@code result}/{@code response} field of their JSON output)
 * @param usage tokens
 */
record AiReply(String text, Usage usage) {
}
