package dev.triage.analysis.ai;

/**
 * A peer's review of the main analysis.
 *
 * @param agrees         whether the peer agrees with the main classification
 * @param classification the classification the peer holds
 * @param reasoning      why
 */
record PeerReview(boolean agrees, String classification, String reasoning) {
}
