package dev.triage.deploy;

import dev.triage.analysis.AnalysisApplication;
import dev.triage.gateway.GatewayApplication;
import dev.triage.history.HistoryApplication;
import dev.triage.notification.NotificationApplication;
import dev.triage.testsupport.EmbeddedMongo;
import dev.triage.tracker.TrackerApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The whole system in one test JVM: a real KRaft broker, the embedded MongoDB-compatible server and all five
 * services, each its own Spring application context with its own port and database, wired as in production.
 */
final class TriageSystem implements AutoCloseable {

    /** The in-JVM broker, or null when the system runs on external infrastructure (Testcontainers). */
    private final EmbeddedKafkaKraftBroker broker;
    private final String kafkaBootstrap;
    private final String mongoUri;
    private final String databasePrefix;
    private final Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();
    private final Map<String, String> extraProperties;
    /** A restarted service comes back on its old port, where the gateway expects it. */
    private final Map<String, String> ports = new LinkedHashMap<>();

    /** The gateway's bootstrap admin key: {@code Authorization: Bearer <it>} reaches the admin-only routes. */
    static final String ADMIN_KEY = "e2e-admin-key-0123456789";

    private TriageSystem(Map<String, String> extraProperties, String kafkaBootstrap, String mongoUri) {
        this.extraProperties = extraProperties;
        if (kafkaBootstrap == null) {
            this.broker = new EmbeddedKafkaKraftBroker(1, 3);
            this.broker.afterPropertiesSet();
            this.kafkaBootstrap = broker.getBrokersAsString();
        } else {
            this.broker = null;
            this.kafkaBootstrap = kafkaBootstrap;
        }
        this.mongoUri = mongoUri == null ? EmbeddedMongo.connectionString() : mongoUri;
        this.databasePrefix = "e2e" + System.nanoTime();
    }

    static TriageSystem start(Map<String, String> extraProperties) {
        return start(extraProperties, null, null);
    }

    /** The same system on a real Kafka and a real MongoDB (e.g. Testcontainers). */
    static TriageSystem start(Map<String, String> extraProperties, String kafkaBootstrap, String mongoUri) {
        TriageSystem system = new TriageSystem(extraProperties, kafkaBootstrap, mongoUri);
        system.startService("analysis-service", AnalysisApplication.class, Map.of());
        system.startService("tracker-service", TrackerApplication.class, Map.of());
        system.startService("history-service", HistoryApplication.class, Map.of());
        system.startService("notification-service", NotificationApplication.class, Map.of());
        system.startService("gateway-service", GatewayApplication.class, Map.of(
                "triage.gateway.services.analysis", system.url("analysis-service"),
                "triage.gateway.services.tracker", system.url("tracker-service"),
                "triage.gateway.services.history", system.url("history-service"),
                "triage.gateway.services.notification", system.url("notification-service"),
                // like the local all-in-one: loopback callers read and analyse without credentials
                "triage.gateway.access.anonymous", "read,analysis",
                "triage.gateway.access.anonymous-networks", "127.0.0.0/8,::1",
                "TRIAGE_ADMIN_KEY", ADMIN_KEY));
        return system;
    }

    /** Starts (or restarts) one service. */
    ConfigurableApplicationContext startService(String name, Class<?> application, Map<String, String> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>();
        // every service's application.yml has the same name on this shared classpath, so set what they would say
        properties.put("spring.application.name", name);
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrap);
        properties.put("spring.kafka.consumer.group-id", name);
        properties.put("spring.mongodb.uri", mongoUri);
        properties.put("spring.mongodb.database", databasePrefix + "-" + name);
        properties.put("triage.payloads.database", databasePrefix + "-payloads");
        properties.put("triage.kafka.partitions-override", "3");
        properties.put("server.port", ports.getOrDefault(name, "0"));
        properties.putAll(extraProperties);
        properties.putAll(overrides);
        // as command-line arguments, so they win over each service's application.yml
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application).run(args);
        services.put(name, context);
        ports.put(name, context.getEnvironment().getProperty("local.server.port"));
        return context;
    }

    /** Stops one service, as a crash or a deploy would. */
    void stopService(String name) {
        ConfigurableApplicationContext context = services.remove(name);
        if (context != null) {
            context.close();
        }
    }

    String url(String service) {
        return "http://localhost:" + services.get(service).getEnvironment().getProperty("local.server.port");
    }

    String gatewayUrl() {
        return url("gateway-service");
    }

    <T> T bean(String service, Class<T> type) {
        return services.get(service).getBean(type);
    }

    String database(String service) {
        return databasePrefix + "-" + service;
    }

    String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(services.keySet());
        java.util.Collections.reverse(names);
        names.forEach(this::stopService);
        if (broker != null) {
            broker.destroy();
        }
    }
}
