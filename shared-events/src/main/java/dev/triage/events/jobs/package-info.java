/** Job control commands sent by the gateway on behalf of users. */
package dev.triage.events.jobs;
