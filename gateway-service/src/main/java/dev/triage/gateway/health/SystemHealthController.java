package dev.triage.gateway.health;

import dev.triage.gateway.GatewayProperties;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health} (the v1 contract): {@code {"status":"healthy"}} when Kafka, MongoDB and every service answer
 * within the health timeout; otherwise 503 naming what is down. All probes run at once, so the answer takes at most
 * one timeout.
 */
@RestController
class SystemHealthController {

    private final AdminClient kafka;
    private final MongoTemplate mongo;
    private final HttpClient http;
    private final Map<String, URI> services;
    private final Duration timeout;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

    SystemHealthController(KafkaAdmin kafkaAdmin, MongoTemplate mongo, GatewayProperties properties) {
        this.kafka = AdminClient.create(kafkaAdmin.getConfigurationProperties());
        this.mongo = mongo;
        this.timeout = properties.timeouts().health();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        GatewayProperties.Services s = properties.services();
        this.services = Map.of("analysis-service", s.analysis(), "tracker-service", s.tracker(),
                "history-service", s.history(), "notification-service", s.notification());
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, Object>> health() throws InterruptedException {
        Map<String, Callable<Boolean>> checks = new LinkedHashMap<>();
        checks.put("kafka", () -> !kafka.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty());
        checks.put("mongodb", () -> mongo.executeCommand(new Document("ping", 1)).get("ok") != null);
        services.forEach((name, uri) -> checks.put(name, () -> ready(uri)));

        Map<String, Future<Boolean>> running = new LinkedHashMap<>();
        checks.forEach((name, check) -> running.put(name, probes.submit(check)));
        Map<String, String> components = new LinkedHashMap<>();
        for (var entry : running.entrySet()) {
            components.put(entry.getKey(), outcome(entry.getValue()));
        }
        List<String> down = components.entrySet().stream().filter(e -> !e.getValue().equals("up")).map(Map.Entry::getKey).toList();
        if (down.isEmpty()) {
            return ResponseEntity.ok(Map.of("status", "healthy"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "unhealthy");
        body.put("down", down);
        body.put("components", components);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(body);
    }

    private String outcome(Future<Boolean> probe) throws InterruptedException {
        try {
            return probe.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS) ? "up" : "down";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            probe.cancel(true);
            return "down";
        }
    }

    private boolean ready(URI base) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).timeout(timeout).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    @PreDestroy
    void close() {
        probes.shutdownNow();
        kafka.close(Duration.ofSeconds(2));
    }
}
