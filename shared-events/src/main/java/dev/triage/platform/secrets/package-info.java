/**
 * Secrets that one service seals and another opens (Jenkins credentials of a request: the gateway seals them, the
 * analysis worker opens them), with one AES-256-GCM key every such service is given ({@code TRIAGE_SECRET_KEY}).
 */
@NullMarked
package dev.triage.platform.secrets;

import org.jspecify.annotations.NullMarked;
