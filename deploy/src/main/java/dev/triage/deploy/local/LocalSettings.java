package dev.triage.deploy.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the local all-in-one listens on and where it keeps data, from environment variables. The defaults stay clear of
 * a real Kafka (9092) or MongoDB (27017) on the same machine.
 *
 * @param home          the project checkout (service jars are found below it)
 * @param dataDir       where Kafka logs, the store file and service logs live; survives restarts
 * @param kafkaPort     the broker's client port
 * @param controllerPort the KRaft controller port
 * @param mongoPort     the embedded store's port
 * @param servicePorts  HTTP port per service module; the gateway's is the public one
 * @param serviceJvmOptions options for every service JVM
 * @param analysisInstances how many analysis workers to start (each on its own port)
 */
record LocalSettings(Path home, Path dataDir, int kafkaPort, int controllerPort, int mongoPort,
        Map<String, Integer> servicePorts, List<String> serviceJvmOptions, int analysisInstances) {

    static final List<String> SERVICES =
            List.of("analysis-service", "tracker-service", "history-service", "notification-service", "gateway-service");

    static LocalSettings fromEnvironment(Map<String, String> env, Path home) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("analysis-service", intOf(env, "TRIAGE_ANALYSIS_PORT", 8081));
        ports.put("tracker-service", intOf(env, "TRIAGE_TRACKER_PORT", 8082));
        ports.put("history-service", intOf(env, "TRIAGE_HISTORY_PORT", 8083));
        ports.put("notification-service", intOf(env, "TRIAGE_NOTIFICATION_PORT", 8084));
        ports.put("gateway-service", intOf(env, "TRIAGE_PORT", intOf(env, "TRIAGE_GATEWAY_PORT", 8080)));
        Path data = Path.of(env.getOrDefault("TRIAGE_DATA_DIR", home.resolve("data").toString())).toAbsolutePath();
        String jvm = env.getOrDefault("TRIAGE_SERVICE_OPTS", "-Xmx384m -XX:+UseSerialGC -Xss512k");
        return new LocalSettings(home, data, intOf(env, "TRIAGE_KAFKA_PORT", 19092),
                intOf(env, "TRIAGE_KAFKA_CONTROLLER_PORT", 19093), intOf(env, "TRIAGE_MONGO_PORT", 27027), ports,
                List.of(jvm.trim().split("\\s+")), intOf(env, "TRIAGE_ANALYSIS_INSTANCES", 1));
    }

    private static int intOf(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
    }

    String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    String mongoUri() {
        return "mongodb://localhost:" + mongoPort;
    }

    int gatewayPort() {
        return servicePorts.get("gateway-service");
    }
}
