/**
 * Outbound URL checks shared by every service that calls an address a user gave (Jenkins base URLs, artifact links):
 * the SSRF guard that refuses loopback, link-local and private networks unless the operator allowed them.
 */
@NullMarked
package dev.triage.platform.net;

import org.jspecify.annotations.NullMarked;
