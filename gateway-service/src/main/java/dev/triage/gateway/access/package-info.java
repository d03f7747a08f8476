/**
 * Who may call the gateway and how often: users with roles, sessions, scoped API tokens, the bootstrap admin key, the
 * one access table that names the scope every route needs, MongoDB-backed rate limits shared by all replicas, per-user
 * tracker secrets encrypted with AES-GCM, and the hardening every request passes (security headers, CORS, trusted
 * hosts, size limits, path and query hygiene). See docs/security.md.
 */
@NullMarked
package dev.triage.gateway.access;

import org.jspecify.annotations.NullMarked;
