package dev.triage.analysis.ai;

import dev.triage.platform.web.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The admin token-usage reports of the v2 API, computed from {@code token_usage} records: totals with an optional
 * breakdown, rolling summary cards, and one job's raw records. Days, weeks and months are UTC.
 */
@Component
class TokenUsageReports {

    static final Set<String> GROUPS = Set.of("provider", "model", "call_type", "day", "week", "month", "job");
    static final int TOP = 5;

    private final TokenUsageRecords records;

    TokenUsageReports(TokenUsageRecords records) {
        this.records = records;
    }

    /** Sums of tokens, cost, calls and duration. */
    private static final class Sum {
        long input;
        long output;
        long cacheRead;
        long cacheWrite;
        double cost;
        long calls;
        long duration;
        long timedCalls;

        void add(Document r) {
            input += number(r, "input_tokens");
            output += number(r, "output_tokens");
            cacheRead += number(r, "cache_read_tokens");
            cacheWrite += number(r, "cache_write_tokens");
            cost += r.get("cost_usd") instanceof Number n ? n.doubleValue() : 0;
            calls++;
            if (r.get("duration_ms") instanceof Number n) {
                duration += n.longValue();
                timedCalls++;
            }
        }
    }

    Map<String, Object> usage(@Nullable String startDate, @Nullable String endDate, @Nullable String provider,
            @Nullable String model, @Nullable String callType, @Nullable String groupBy) {
        if (groupBy != null && !GROUPS.contains(groupBy)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", "group_by must be one of " + GROUPS.stream()
                    .sorted().toList(), Map.of("parameter", "group_by"));
        }
        Instant from = startDate == null ? null : parse("start_date", startDate, false);
        Instant to = endDate == null ? null : parse("end_date", endDate, true);
        Sum total = new Sum();
        Map<String, Sum> groups = new TreeMap<>();
        Function<Document, String> key = groupBy == null ? null : keyOf(groupBy);
        records.scan(from, to, provider, model, callType, r -> {
            total.add(r);
            if (key != null) {
                groups.computeIfAbsent(key.apply(r), k -> new Sum()).add(r);
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_input_tokens", total.input);
        out.put("total_output_tokens", total.output);
        out.put("total_cache_read_tokens", total.cacheRead);
        out.put("total_cache_write_tokens", total.cacheWrite);
        out.put("total_cost_usd", round(total.cost));
        out.put("total_calls", total.calls);
        out.put("total_duration_ms", total.duration);
        List<Map<String, Object>> breakdown = new ArrayList<>();
        groups.forEach((k, s) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group_key", k);
            row.put("input_tokens", s.input);
            row.put("output_tokens", s.output);
            row.put("cache_read_tokens", s.cacheRead);
            row.put("cache_write_tokens", s.cacheWrite);
            row.put("cost_usd", round(s.cost));
            row.put("call_count", s.calls);
            row.put("avg_duration_ms", s.timedCalls == 0 ? 0 : s.duration / s.timedCalls);
            breakdown.add(row);
        });
        if (groupBy != null && !Set.of("day", "week", "month").contains(groupBy)) {
            breakdown.sort(Comparator.comparing((Map<String, Object> r) -> (Double) r.get("cost_usd")).reversed());
        }
        out.put("breakdown", breakdown);
        return out;
    }

    Map<String, Object> summary(Instant now) {
        Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
        Instant week = now.minus(7, ChronoUnit.DAYS);
        Instant month = now.minus(30, ChronoUnit.DAYS);
        Sum today = new Sum();
        Sum thisWeek = new Sum();
        Sum thisMonth = new Sum();
        Map<String, Sum> models = new LinkedHashMap<>();
        Map<String, Sum> jobs = new LinkedHashMap<>();
        records.scan(month, null, null, null, null, r -> {
            Instant at = r.getDate("created_at").toInstant();
            thisMonth.add(r);
            if (!at.isBefore(week)) {
                thisWeek.add(r);
            }
            if (!at.isBefore(midnight)) {
                today.add(r);
            }
            models.computeIfAbsent(r.getString("ai_provider") + "\u0000" + r.getString("ai_model"), k -> new Sum()).add(r);
            jobs.computeIfAbsent(r.getString("job_id"), k -> new Sum()).add(r);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("today", card(today));
        out.put("this_week", card(thisWeek));
        out.put("this_month", card(thisMonth));
        out.put("top_models", top(models).stream().map(e -> {
            String[] pm = e.getKey().split("\u0000", 2);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ai_provider", pm[0]);
            row.put("ai_model", pm.length > 1 ? pm[1] : "");
            row.putAll(card(e.getValue()));
            return row;
        }).toList());
        out.put("top_jobs", top(jobs).stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("job_id", e.getKey());
            row.putAll(card(e.getValue()));
            return row;
        }).toList());
        return out;
    }

    Map<String, Object> job(String jobId) {
        List<Map<String, Object>> rows = records.ofJob(jobId).stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.getString("_id"));
            for (String field : List.of("job_id", "ai_provider", "ai_model", "call_type", "input_tokens", "output_tokens",
                    "cache_read_tokens", "cache_write_tokens", "total_tokens", "cost_usd", "duration_ms", "prompt_chars",
                    "response_chars")) {
                row.put(field, r.get(field));
            }
            row.put("created_at", r.getDate("created_at").toInstant().toString());
            return row;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", jobId);
        out.put("records", rows);
        return out;
    }

    private static List<Map.Entry<String, Sum>> top(Map<String, Sum> sums) {
        return sums.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, Sum> e) -> e.getValue().cost)
                .reversed().thenComparing(Map.Entry::getKey)).limit(TOP).toList();
    }

    private static Map<String, Object> card(Sum s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("calls", s.calls);
        out.put("tokens", s.input + s.output);
        out.put("input_tokens", s.input);
        out.put("output_tokens", s.output);
        out.put("cost_usd", round(s.cost));
        return out;
    }

    private static Function<Document, String> keyOf(String groupBy) {
        return switch (groupBy) {
            case "provider" -> r -> r.getString("ai_provider");
            case "model" -> r -> r.getString("ai_model");
            case "call_type" -> r -> r.getString("call_type");
            case "job" -> r -> r.getString("job_id");
            case "day" -> r -> day(r.getDate("created_at")).toString();
            case "week" -> r -> {
                LocalDate d = day(r.getDate("created_at"));
                return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            };
            default -> r -> day(r.getDate("created_at")).toString().substring(0, 7);
        };
    }

    private static LocalDate day(Date date) {
        return date.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * A date ({@code 2026-05-31}, UTC; as an end it includes the whole day) or a timestamp with an offset.
     *
     * @return the inclusive start, or the exclusive end
     */
    static Instant parse(String name, String value, boolean end) {
        try {
            if (value.length() == 10) {
                LocalDate date = LocalDate.parse(value);
                return (end ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            Instant at = value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$") ? OffsetDateTime.parse(value).toInstant()
                    : java.time.LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            return end ? at.plusMillis(1) : at;
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter",
                    name + " must be a date (YYYY-MM-DD) or an ISO-8601 timestamp", Map.of("parameter", name));
        }
    }

    private static long number(Document r, String field) {
        return r.get(field) instanceof Number n ? n.longValue() : 0;
    }

    private static double round(double usd) {
        return Math.round(usd * 1_000_000d) / 1_000_000d;
    }
}
