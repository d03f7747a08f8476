package dev.triage.gateway.analysis;

import dev.triage.events.analysis.AnalysisKind;
import dev.triage.events.analysis.PayloadRef;
import dev.triage.gateway.GatewayProperties;
import dev.triage.gateway.jobs.Job;
import dev.triage.gateway.jobs.JobWaiters;
import dev.triage.gateway.results.ResultBodies;
import dev.triage.gateway.results.ResultViews;
import dev.triage.gateway.ai.AiCapabilities;
import dev.triage.gateway.services.AnalysisClient;
import dev.triage.platform.mongo.PayloadStore;
import dev.triage.platform.web.ApiException;
import dev.triage.platform.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /analyze-failures} and {@code POST /re-analyze/{job_id}}.
 *
 * <p>A JSON body's {@code raw_xml} is streamed into the payload store as it is read; a report can also be sent as the
 * body itself ({@code Content-Type: application/xml}) with the shared fields as query parameters. The call waits up to
 * {@code triage.gateway.analysis.sync-wait} for the result (200) and answers 202 otherwise, or at once with
 * {@code Prefer: respond-async}.
 */
@RestController
class AnalyzeFailuresController {

    /** Report errors the worker finds that the caller of a synchronous call should see as 422 at once. */
    private static final Set<String> REPORT_ERRORS = Set.of("invalid_report", "unsupported_format", "report_too_large");

    private final AnalysisSubmissions submissions;
    private final PayloadStore payloads;
    private final JobWaiters waiters;
    private final AnalysisClient analysis;
    private final ResultViews views;
    private final ResultBodies bodies;
    private final JsonMapper json;
    private final GatewayProperties.Analysis settings;
    private final AiCapabilities ai;
    private final RepoTokens repoTokens;

    AnalyzeFailuresController(AnalysisSubmissions submissions, PayloadStore payloads, JobWaiters waiters,
            AnalysisClient analysis, ResultViews views, ResultBodies bodies, JsonMapper json, GatewayProperties properties,
            AiCapabilities ai, RepoTokens repoTokens) {
        this.repoTokens = repoTokens;
        this.ai = ai;
        this.submissions = submissions;
        this.payloads = payloads;
        this.waiters = waiters;
        this.analysis = analysis;
        this.views = views;
        this.bodies = bodies;
        this.json = json;
        this.settings = properties.analysis();
    }

    @PostMapping(path = "/analyze-failures", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StreamingResponseBody> analyzeJson(HttpServletRequest request, @RequestHeader(name = "Prefer", required = false) String prefer)
            throws IOException {
        var reader = new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8);
        // the upload starts only when raw_xml turns up, so a failure list costs no payload-store round trips for it
        Holder<PayloadStore.Upload> upload = new Holder<>();
        RawXmlSplitter.Result split;
        PayloadRef xml = null;
        try {
            split = RawXmlSplitter.split(reader, "raw_xml", settings.maxRequestJson().toBytes(), () -> {
                upload.value = payloads.begin(MediaType.APPLICATION_XML_VALUE, settings.maxRawXml().toBytes());
                return new OutputStreamWriter(upload.value.stream(), StandardCharsets.UTF_8);
            });
            if (upload.value != null) {
                xml = upload.value.finish();
            }
        } catch (PayloadStore.PayloadTooLargeException e) {
            abort(upload.value);
            throw ApiException.unprocessable("report_too_large", "raw_xml is larger than " + settings.maxRawXml(),
                    Map.of("field", "raw_xml", "limit_bytes", settings.maxRawXml().toBytes()));
        } catch (RawXmlSplitter.JsonTooLargeException e) {
            abort(upload.value);
            throw ApiException.unprocessable("request_too_large", "The JSON fields besides raw_xml are larger than "
                    + settings.maxRequestJson(), Map.of("limit_bytes", settings.maxRequestJson().toBytes()));
        } catch (RawXmlSplitter.MalformedJsonException e) {
            abort(upload.value);
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The request body is not valid JSON: "
                    + e.getMessage(), Map.of());
        } catch (IOException | RuntimeException e) {
            abort(upload.value);
            throw e;
        }
        JsonNode body = parse(split.remainderJson(), xml);
        JsonNode failures = body.get("failures");
        boolean hasFailures = failures != null && !failures.isNull();
        if (hasFailures == split.fieldPresent()) {
            deleteIfStored(xml);
            throw ApiException.unprocessable("validation_error", "Send exactly one of failures or raw_xml",
                    Map.of("fields", java.util.List.of("failures", "raw_xml")));
        }
        Map<String, Object> parameters;
        PayloadRef tokens;
        try {
            parameters = AnalysisParameters.sharedFieldsOf(body, json);
            ai.check(parameters);
            tokens = repoTokens.seal(body);
        } catch (ApiException e) {
            deleteIfStored(xml);
            throw e;
        }
        if (hasFailures) {
            byte[] normal = json.writeValueAsBytes(FailureList.normalise(failures));
            PayloadRef list = payloads.store(MediaType.APPLICATION_JSON_VALUE, normal);
            return answer(submissions.submit(AnalysisKind.FAILURES, list, parameters, requestId(request), null, tokens),
                    prefer);
        }
        return answerReport(xml, parameters, tokens, request, prefer);
    }

    @PostMapping(path = "/analyze-failures", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
    ResponseEntity<StreamingResponseBody> analyzeXml(HttpServletRequest request, @RequestParam Map<String, String> query,
            @RequestHeader(name = "Prefer", required = false) String prefer) throws IOException {
        Map<String, Object> parameters = AnalysisParameters.sharedFieldsOf(query);
        ai.check(parameters);
        PayloadRef xml;
        try (InputStream body = request.getInputStream()) {
            xml = payloads.store(MediaType.APPLICATION_XML_VALUE, settings.maxRawXml().toBytes(), body::transferTo);
        } catch (PayloadStore.PayloadTooLargeException e) {
            throw ApiException.unprocessable("report_too_large", "The report is larger than " + settings.maxRawXml(),
                    Map.of("limit_bytes", settings.maxRawXml().toBytes()));
        }
        return answerReport(xml, parameters, null, request, prefer);
    }

    @PostMapping(path = "/re-analyze/{jobId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> reanalyze(@PathVariable String jobId, HttpServletRequest request) throws IOException {
        Job original = submissions.find(jobId).orElseThrow(() -> ApiException.notFound("Job", jobId));
        JsonNode body = parse(new String(request.getInputStream().readNBytes((int) settings.maxRequestJson().toBytes() + 1),
                StandardCharsets.UTF_8));
        Map<String, Object> parameters = new LinkedHashMap<>(original.requestParams());
        parameters.putAll(AnalysisParameters.sharedFieldsOf(body, json));
        ai.check(parameters);
        Job job = submissions.resubmit(original, parameters, requestId(request), repoTokens.seal(body));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.queued(job));
    }

    private ResponseEntity<StreamingResponseBody> answerReport(PayloadRef xml, Map<String, Object> parameters,
            @Nullable PayloadRef tokens, HttpServletRequest request, @Nullable String prefer) {
        if (xml.sizeBytes() == 0) {
            payloads.delete(xml.id());
            repoTokens.discard(tokens);
            throw ApiException.unprocessable("invalid_report", "raw_xml is empty", Map.of("field", "raw_xml"));
        }
        return answer(submissions.submit(AnalysisKind.RAW_XML, xml, parameters, requestId(request), null, tokens), prefer);
    }

    private ResponseEntity<StreamingResponseBody> answer(Job job, @Nullable String prefer) {
        if (prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains("respond-async")) {
            return bodies.plain(HttpStatus.ACCEPTED, views.queued(job));
        }
        Optional<JobWaiters.Ended> finished = waiters.awaitEnd(job, settings.syncWait())
                .filter(ended -> ended.job().isFinished());
        if (finished.isEmpty()) {
            return bodies.plain(HttpStatus.ACCEPTED, views.queued(job));
        }
        Job done = finished.get().job();
        if (done.error() != null && REPORT_ERRORS.contains(done.error().code())) {
            throw ApiException.unprocessable(done.error().code(), done.error().message(), Map.of("job_id", done.id()));
        }
        // the outcome usually brings the stored result along; otherwise (too large, or applied by another replica)
        // it is fetched from the analysis service
        String carried = finished.get().result();
        ObjectNode stored = carried != null && json.readTree(carried) instanceof ObjectNode result ? result
                : analysis.result(done.id()).orElse(null);
        return bodies.respond(HttpStatus.OK, views.synchronous(done, stored), null);
    }

    private static void abort(PayloadStore.@Nullable Upload upload) {
        if (upload != null) {
            upload.abort();
        }
    }

    private void deleteIfStored(@Nullable PayloadRef stored) {
        if (stored != null) {
            payloads.delete(stored.id());
        }
    }

    private JsonNode parse(String text, @Nullable PayloadRef stored) {
        try {
            return parse(text);
        } catch (ApiException e) {
            deleteIfStored(stored);
            throw e;
        }
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = json.readTree(text.isBlank() ? "{}" : text);
            if (!node.isObject()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The request body is not valid JSON");
        }
    }

    private static String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(dev.triage.platform.web.RequestIdFilter.ATTRIBUTE);
        return id instanceof String s ? s : RequestIds.current();
    }

    private static final class Holder<T> {
        @Nullable T value;
    }
}
