/**
 * HTTP conventions of every service: the {@code X-Request-Id} header (echoed when valid, minted otherwise, always in the
 * log context), and one error body, {@code {detail, code, message, details, error_id}}, for every 4xx and 5xx. Errors
 * never echo input back and a 5xx never shows exception text.
 */
@NullMarked
package dev.triage.platform.web;

import org.jspecify.annotations.NullMarked;
