/**
 * Benchmarks that drive a running system ({@code ./triage up}) over HTTP, as users do: latency of sequential jobs with
 * the time spent in each hop, throughput of concurrent clients, a 50 MB upload with the gateway's heap, and the bare
 * Kafka/store pipeline as the baseline measured in the same run. Run them with {@code ./triage bench}.
 */
package dev.triage.deploy.bench;
