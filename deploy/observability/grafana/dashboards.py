#!/usr/bin/env python3
"""Writes the Grafana dashboards in grafana/dashboards/*.json from the short definitions below.

The JSON files are what Grafana provisions and what validate and bench/check-ops read; this script is their source,
so that five dashboards stay consistent (same datasource, units, variables, layout) and a query lives in one place.
Edit here, then run:  deploy/observability/grafana/dashboards.py        (rewrites the JSON)
                      deploy/observability/grafana/dashboards.py --check (fails if the JSON is out of date; validate runs it)

Each panel may be marked must_have_data: its metrics exist from a service's first scrape (HTTP, JVM, process, job
gauges, Kafka client metrics). bench/check-ops fails when such a panel returns no series against a running system.
The mark travels in the JSON as panel["triage"]["mustHaveData"]; Grafana ignores keys it does not know.

Only the standard library: CI machines have python3 and nothing else promised.
"""
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "dashboards"
DATASOURCE = {"type": "prometheus", "uid": "prometheus"}  # the uid provisioning/datasources/prometheus.yml sets
SERVICES = "gateway-service|analysis-service|tracker-service|history-service|notification-service"
RATE = "$__rate_interval"


def q(expr, legend=""):
    return {"expr": expr, "legend": legend}


def panel(title, queries, unit="short", kind="timeseries", must_have_data=False, description="", width=12,
          height=8, stack=False):
    return {"title": title, "queries": queries, "unit": unit, "kind": kind, "must": must_have_data,
            "description": description, "w": width, "h": height, "stack": stack}


def stat(title, queries, unit="short", must_have_data=False, description="", width=6):
    return panel(title, queries, unit, "stat", must_have_data, description, width, 4)


def row(title):
    return {"row": title}


def instance_variable(service):
    """A multi-select of the service's instances, from an app metric: with honor_labels their `instance` is the
    container/pod name, which `up` does not carry."""
    return {
        "name": "instance", "label": "instance", "type": "query", "datasource": DATASOURCE,
        "query": {"query": f'label_values(process_uptime_seconds{{service="{service}"}}, instance)', "refId": "instance"},
        "definition": f'label_values(process_uptime_seconds{{service="{service}"}}, instance)',
        "refresh": 2, "includeAll": True, "allValue": ".+", "multi": True, "sort": 1,
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
    }


def jvm_panels(service, must=True):
    sel = f'service="{service}", instance=~"$instance"'
    return [
        panel("Heap used by instance", [q(f'sum by (instance) (jvm_memory_used_bytes{{{sel}, area="heap"}})', "{{instance}}")],
              "bytes", must_have_data=must),
        panel("Process CPU by instance", [q(f'max by (instance) (process_cpu_usage{{{sel}}})', "{{instance}}")],
              "percentunit", must_have_data=must),
    ]


DASHBOARDS = {
    "triage-overview": {
        "title": "Triage overview",
        "description": "Is Triage healthy? Services, jobs, traffic, Kafka, breakers, resources.",
        "variables": [],
        "panels": [
            row("Services"),
            stat("Instances up", [q(f'sum by (service) (up{{service=~"{SERVICES}"}})', "{{service}}")],
                 must_have_data=True, width=12, description="Scrape targets answering, per service."),
            stat("Firing alerts", [q('count(ALERTS{alertstate="firing"}) or vector(0)')], width=6,
                 description="Alerts from deploy/observability/rules firing now."),
            stat("Jobs stuck past their lease", [q("sum(max by (state) (triage_jobs_stuck)) or vector(0)")], width=6,
                 description="Running or pending jobs older than their lease (max across gateway replicas)."),
            row("Jobs"),
            panel("Jobs by state", [q("max by (state) (triage_jobs)", "{{state}}")], must_have_data=True,
                  description="Current registry counts; every gateway replica reports the same registry, so max."),
            panel("Job transitions per second", [q(f"sum by (state) (rate(triage_job_transitions_total[{RATE}]))", "{{state}}")],
                  "ops", stack=True),
            panel("Job duration, request to final state", [
                q(f"histogram_quantile(0.5, sum by (le) (rate(triage_job_duration_seconds_bucket[{RATE}])))", "p50"),
                q(f"histogram_quantile(0.95, sum by (le) (rate(triage_job_duration_seconds_bucket[{RATE}])))", "p95"),
            ], "s"),
            panel("Analyses finished per second by outcome",
                  [q(f"sum by (outcome) (rate(triage_analysis_jobs_total[{RATE}]))", "{{outcome}}")], "ops", stack=True),
            row("Traffic and Kafka"),
            panel("Gateway requests per second by status", [
                q(f'sum by (status) (rate(http_server_requests_seconds_count{{service="gateway-service"}}[{RATE}]))', "{{status}}"),
            ], "reqps", must_have_data=True, stack=True),
            panel("Consumer lag by service and topic", [
                q("sum by (service, topic) (kafka_consumer_fetch_manager_records_lag)", "{{service}} {{topic}}"),
            ], must_have_data=True),
            panel("Dead letters (increase over the interval)", [
                q(f"sum by (service, topic) (increase(triage_kafka_dead_letters_total[{RATE}]))", "{{service}} {{topic}}"),
            ]),
            panel("Open circuit breakers", [
                q('sum by (service, name) (resilience4j_circuitbreaker_state{state=~"open|forced_open|half_open"})',
                  "{{service}} {{name}}"),
            ], description="1 while a breaker is open or half-open."),
            panel("Tracker calls per second", [
                q(f"sum by (tracker, operation, outcome) (rate(triage_tracker_calls_total[{RATE}]))",
                  "{{tracker}} {{operation}} {{outcome}}"),
            ], "ops"),
            panel("Stored documents by collection", [
                q("max by (service, collection) (triage_store_documents)", "{{service}} {{collection}}"),
            ], description="The embedded store is comfortable up to ~100k documents per collection (INFRA.md 10)."),
            row("Resources"),
            panel("Heap used by service", [q('sum by (service) (jvm_memory_used_bytes{area="heap"})', "{{service}}")],
                  "bytes", must_have_data=True),
            panel("Process CPU by instance", [q("max by (service, instance) (process_cpu_usage)", "{{service}} {{instance}}")],
                  "percentunit", must_have_data=True),
        ],
    },
    "triage-analysis": {
        "title": "Triage analysis pipeline",
        "description": "From request to verdict: queue, workers, phases, outcomes.",
        "variables": [instance_variable("analysis-service")],
        "panels": [
            row("Queue and workers"),
            stat("Analysis workers up", [q('sum(up{service="analysis-service"})')], must_have_data=True,
                 description="Instances in the analysis-service consumer group (useful up to 12, the partitions of "
                             "triage.analysis.requested)."),
            stat("Requested, not yet picked up", [
                q('sum(kafka_consumer_fetch_manager_records_lag{service="analysis-service", topic="triage.analysis.requested"}) or vector(0)'),
            ]),
            stat("Jobs running", [q('max(triage_jobs{state="running"})')], must_have_data=True),
            stat("Jobs waiting or queued", [q('sum(max by (state) (triage_jobs{state=~"pending|queued|waiting"}))')],
                 must_have_data=True),
            panel("Jobs in flight by state", [q('max by (state) (triage_jobs{state=~"pending|queued|waiting|running"})', "{{state}}")],
                  must_have_data=True, stack=True),
            panel("Lag on triage.analysis.requested by partition", [
                q('sum by (partition) (kafka_consumer_fetch_manager_records_lag{service="analysis-service", topic="triage.analysis.requested"})',
                  "partition {{partition}}"),
            ]),
            row("Throughput and outcomes"),
            panel("Analyses finished per second by outcome",
                  [q(f'sum by (outcome) (rate(triage_analysis_jobs_total{{instance=~"$instance"}}[{RATE}]))', "{{outcome}}")],
                  "ops", stack=True),
            panel("Analyses finished per second by instance",
                  [q(f'sum by (instance) (rate(triage_analysis_jobs_total{{instance=~"$instance"}}[{RATE}]))', "{{instance}}")],
                  "ops", description="Uneven bars: partitions are unevenly spread over the workers."),
            panel("Job duration by outcome (p95)", [
                q(f"histogram_quantile(0.95, sum by (le, outcome) (rate(triage_job_duration_seconds_bucket[{RATE}])))", "{{outcome}}"),
            ], "s", description="Gateway view: from the request to the final state, queueing included."),
            panel("Events consumed by analysis-service", [
                q(f'sum by (type) (rate(triage_kafka_events_consumed_total{{service="analysis-service", instance=~"$instance"}}[{RATE}]))',
                  "{{type}}"),
            ], "ops"),
            row("Phases"),
            panel("Phase duration p95", [
                q(f'histogram_quantile(0.95, sum by (le, phase) (rate(triage_analysis_phase_seconds_bucket{{instance=~"$instance"}}[{RATE}])))',
                  "{{phase}}"),
            ], "s"),
            panel("Mean phase duration", [
                q(f'sum by (phase) (rate(triage_analysis_phase_seconds_sum{{instance=~"$instance"}}[{RATE}])) '
                  f'/ sum by (phase) (rate(triage_analysis_phase_seconds_count{{instance=~"$instance"}}[{RATE}]))', "{{phase}}"),
            ], "s"),
            panel("Time spent per phase (share of worker time)", [
                q(f'sum by (phase) (rate(triage_analysis_phase_seconds_sum{{instance=~"$instance"}}[{RATE}]))', "{{phase}}"),
            ], "s", stack=True, description="Seconds of phase work per second: where the workers' time goes."),
            row("Workers' resources"),
            *jvm_panels("analysis-service"),
        ],
    },
    "triage-kafka": {
        "title": "Triage Kafka consumers and dead letters",
        "description": "Lag, throughput, duplicates and dead letters per topic and consumer group.",
        "variables": [],
        "panels": [
            row("Lag"),
            panel("Max lag per consumer client", [
                q("max by (service, client_id) (kafka_consumer_fetch_manager_records_lag_max)", "{{service}} {{client_id}}"),
            ], must_have_data=True, description="Each consumer's worst partition over its recent fetches."),
            panel("Lag by consumer group and topic", [
                q("sum by (service, topic) (kafka_consumer_fetch_manager_records_lag)", "{{service}} {{topic}}"),
            ], must_have_data=True, description="Consumer groups are named after their service."),
            panel("Lag by partition: triage.analysis.requested", [
                q('sum by (partition) (kafka_consumer_fetch_manager_records_lag{topic="triage.analysis.requested"})', "{{partition}}"),
            ], width=24),
            row("Throughput"),
            panel("Events published per second by topic", [
                q(f"sum by (topic) (rate(triage_kafka_events_published_total[{RATE}]))", "{{topic}}"),
            ], "ops", stack=True),
            panel("Events consumed per second by consumer and type", [
                q(f"sum by (consumer, type) (rate(triage_kafka_events_consumed_total[{RATE}]))", "{{consumer}} {{type}}"),
            ], "ops", stack=True),
            panel("Duplicates skipped per second by consumer", [
                q(f"sum by (consumer) (rate(triage_kafka_duplicates_skipped_total[{RATE}]))", "{{consumer}}"),
            ], "ops", description="Redeliveries recognised and skipped: normal under at-least-once, a spike follows a "
                                  "rebalance or a restart."),
            row("Dead letters"),
            stat("Dead letters, last 24 hours", [q("sum(increase(triage_kafka_dead_letters_total[24h])) or vector(0)")],
                 width=6, description="Records that failed their retries or validation; see docs/operations.md."),
            panel("Dead letters and re-drives by topic", [
                q(f"sum by (service, topic) (increase(triage_kafka_dead_letters_total[{RATE}]))", "{{service}} {{topic}}"),
                q(f"sum by (topic) (increase(triage_kafka_dead_letters_redriven_total[{RATE}]))", "re-driven {{topic}}"),
            ], width=18, description="Re-drives: dead letters published again by POST /api/admin/dead-letters/redrive "
                                     "(docs/operations.md, Dead letters)."),
        ],
    },
    "triage-ai": {
        "title": "Triage AI usage and cost",
        "description": "Calls, latency, tokens and spend per provider and model.",
        "variables": [],
        "panels": [
            row("Spend"),
            stat("Cost, last 24 hours", [q("sum(increase(triage_ai_cost_usd_total[24h])) or vector(0)")], "currencyUSD"),
            stat("Cost, last 30 days", [q("sum(increase(triage_ai_cost_usd_total[30d])) or vector(0)")], "currencyUSD"),
            stat("Tokens, last 24 hours", [q("sum(increase(triage_ai_tokens_total[24h])) or vector(0)")]),
            stat("AI calls, last 24 hours", [q("sum(increase(triage_ai_calls_total[24h])) or vector(0)")]),
            panel("Cost per hour by model", [
                q("sum by (provider, model) (increase(triage_ai_cost_usd_total[1h]))", "{{provider}} {{model}}"),
            ], "currencyUSD", stack=True),
            panel("Tokens per minute by model and kind", [
                q(f"sum by (provider, model, kind) (rate(triage_ai_tokens_total[{RATE}])) * 60", "{{model}} {{kind}}"),
            ], stack=True),
            row("Calls"),
            panel("Calls per second by outcome", [
                q(f"sum by (provider, model, outcome) (rate(triage_ai_calls_total[{RATE}]))", "{{provider}} {{model}} {{outcome}}"),
            ], "ops", stack=True),
            panel("Failed call ratio by provider", [
                q(f'sum by (provider) (rate(triage_ai_calls_total{{outcome!="success"}}[{RATE}])) '
                  f'/ sum by (provider) (rate(triage_ai_calls_total[{RATE}]))', "{{provider}}"),
            ], "percentunit", description="Everything but outcome=\"success\": errors and timeouts."),
            panel("Call latency p95 by model", [
                q(f"histogram_quantile(0.95, sum by (le, provider, model) (rate(triage_ai_call_seconds_bucket[{RATE}])))",
                  "{{provider}} {{model}}"),
            ], "s"),
        ],
    },
    "triage-gateway": {
        "title": "Triage gateway traffic and errors",
        "description": "The public HTTP surface: rate, errors, latency, rate limits, calls to the owner services.",
        "variables": [instance_variable("gateway-service")],
        "panels": [
            row("Rate and errors"),
            panel("Requests per second by status", [
                q(f'sum by (status) (rate(http_server_requests_seconds_count{{service="gateway-service", instance=~"$instance"}}[{RATE}]))',
                  "{{status}}"),
            ], "reqps", must_have_data=True, stack=True),
            panel("Error ratio", [
                q(f'(sum(rate(http_server_requests_seconds_count{{service="gateway-service", instance=~"$instance", status=~"5.."}}[{RATE}])) or vector(0)) '
                  f'/ sum(rate(http_server_requests_seconds_count{{service="gateway-service", instance=~"$instance"}}[{RATE}]))', "5xx"),
                q(f'(sum(rate(http_server_requests_seconds_count{{service="gateway-service", instance=~"$instance", status=~"4.."}}[{RATE}])) or vector(0)) '
                  f'/ sum(rate(http_server_requests_seconds_count{{service="gateway-service", instance=~"$instance"}}[{RATE}]))', "4xx"),
            ], "percentunit", must_have_data=True, description="The TriageGatewayErrorRate alert fires above 5% 5xx."),
            panel("Busiest endpoints", [
                q(f'topk(10, sum by (method, uri) (rate(http_server_requests_seconds_count{{service="gateway-service", instance=~"$instance"}}[{RATE}])))',
                  "{{method}} {{uri}}"),
            ], "reqps", must_have_data=True),
            panel("Server errors by endpoint", [
                q(f'sum by (method, uri, status) (rate(http_server_requests_seconds_count{{service="gateway-service", instance=~"$instance", status=~"5.."}}[{RATE}]))',
                  "{{method}} {{uri}} {{status}}"),
            ], "reqps"),
            panel("Rate-limited requests (429)", [
                q(f'sum by (uri) (rate(http_server_requests_seconds_count{{service="gateway-service", instance=~"$instance", status="429"}}[{RATE}]))',
                  "{{uri}}"),
            ], "reqps"),
            panel("Auth failures (401/403)", [
                q(f'sum by (status) (rate(http_server_requests_seconds_count{{service="gateway-service", instance=~"$instance", status=~"401|403"}}[{RATE}]))',
                  "{{status}}"),
            ], "reqps"),
            row("Latency"),
            panel("Latency", [
                q(f'histogram_quantile(0.5, sum by (le) (rate(http_server_requests_seconds_bucket{{service="gateway-service", instance=~"$instance"}}[{RATE}])))', "p50"),
                q(f'histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{{service="gateway-service", instance=~"$instance"}}[{RATE}])))', "p95"),
                q(f'histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{{service="gateway-service", instance=~"$instance"}}[{RATE}])))', "p99"),
            ], "s", must_have_data=True,
                  description="Needs management.metrics.distribution.percentiles-histogram.http.server.requests=true."),
            panel("Slowest endpoints (p95)", [
                q(f'topk(10, histogram_quantile(0.95, sum by (le, method, uri) (rate(http_server_requests_seconds_bucket{{service="gateway-service", instance=~"$instance"}}[{RATE}]))))',
                  "{{method}} {{uri}}"),
            ], "s"),
            row("Calls to the owner services"),
            panel("Circuit breaker state", [
                q('max by (name, state) (resilience4j_circuitbreaker_state{service="gateway-service", instance=~"$instance"} == 1)',
                  "{{name}} {{state}}"),
            ], description="One line per breaker, labelled with its current state."),
            panel("Owner calls per second by breaker and result", [
                q(f'sum by (name, kind) (rate(resilience4j_circuitbreaker_calls_seconds_count{{service="gateway-service", instance=~"$instance"}}[{RATE}]))',
                  "{{name}} {{kind}}"),
            ], "ops"),
            row("Resources"),
            *jvm_panels("gateway-service"),
        ],
    },
}


def build(uid, spec):
    panels, x, y, next_id, line_height = [], 0, 0, 1, 0
    for item in spec["panels"]:
        if "row" in item:
            if x:
                x, y = 0, y + line_height
            panels.append({"id": next_id, "type": "row", "title": item["row"], "collapsed": False,
                           "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}, "panels": []})
            next_id, y, line_height = next_id + 1, y + 1, 0
            continue
        if x + item["w"] > 24:
            x, y, line_height = 0, y + line_height, 0
        targets = [{"refId": chr(ord("A") + i), "datasource": DATASOURCE, "expr": t["expr"], "legendFormat": t["legend"],
                    "range": True, "instant": False} for i, t in enumerate(item["queries"])]
        p = {"id": next_id, "type": item["kind"], "title": item["title"], "description": item["description"],
             "datasource": DATASOURCE, "gridPos": {"h": item["h"], "w": item["w"], "x": x, "y": y}, "targets": targets,
             "fieldConfig": {"defaults": {"unit": item["unit"]}, "overrides": []}}
        if item["kind"] == "stat":
            p["options"] = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                            "colorMode": "value", "graphMode": "area", "textMode": "auto"}
        else:
            p["fieldConfig"]["defaults"]["custom"] = {"fillOpacity": 20 if item["stack"] else 0, "lineWidth": 1,
                                                      "stacking": {"mode": "normal" if item["stack"] else "none"}}
            p["options"] = {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                            "tooltip": {"mode": "multi", "sort": "desc"}}
        if item["must"]:
            p["triage"] = {"mustHaveData": True}
        panels.append(p)
        next_id += 1
        x += item["w"]
        line_height = max(line_height, item["h"])
        if x >= 24:
            x, y, line_height = 0, y + line_height, 0
    return {
        "uid": uid, "title": spec["title"], "description": spec["description"], "tags": ["triage"],
        "editable": True, "timezone": "browser", "refresh": "30s", "schemaVersion": 39, "version": 1,
        "time": {"from": "now-3h", "to": "now"}, "graphTooltip": 1,
        "links": [{"title": "Triage dashboards", "type": "dashboards", "tags": ["triage"], "asDropdown": True}],
        "annotations": {"list": [{"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": True,
                                  "hide": True, "name": "Annotations & Alerts", "type": "dashboard"}]},
        "templating": {"list": spec["variables"]},
        "panels": panels,
    }


def render(uid, spec):
    return json.dumps(build(uid, spec), indent=2, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv
    stale = []
    OUT.mkdir(exist_ok=True)
    for uid, spec in DASHBOARDS.items():
        path = OUT / f"{uid}.json"
        text = render(uid, spec)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    known = {f"{uid}.json" for uid in DASHBOARDS}
    strays = sorted(p.name for p in OUT.glob("*.json") if p.name not in known)
    if stale or strays:
        for name in stale:
            print(f"dashboard out of date: {name} (run deploy/observability/grafana/dashboards.py)", file=sys.stderr)
        for name in strays:
            print(f"dashboard without a definition in dashboards.py: {name}", file=sys.stderr)
        return 1
    if not check:
        print(f"wrote {len(DASHBOARDS)} dashboards to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
