package dev.triage.deploy.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./triage up}: starts the broker and the store in this JVM, then the five services, waits until all are ready
 * and stays in the foreground. Ctrl-C or SIGTERM stops the services first, then the broker and the store, so nothing
 * is left behind and the next start finds the data.
 */
public final class TriageLocal {

    private static final Logger log = LoggerFactory.getLogger(TriageLocal.class);
    /** How long the services may take to become ready (TRIAGE_READY_TIMEOUT, seconds); a busy 2-core machine is slow. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("TRIAGE_READY_TIMEOUT", "300")));

    private final LocalSettings settings;
    private final List<ServiceProcess> services = new ArrayList<>();
    private KafkaBroker broker;
    private EmbeddedStore store;
    /** The generated local secret key handed to the gateway and analysis service; null when the environment sets one. */
    private String secretKey;

    private TriageLocal(LocalSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("bench")) {
            dev.triage.deploy.bench.AnalysisBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Path home = Path.of(System.getProperty("triage.home", ".")).toAbsolutePath().normalize();
        TriageLocal local = new TriageLocal(LocalSettings.fromEnvironment(System.getenv(), home));
        Runtime.getRuntime().addShutdownHook(new Thread(local::stop, "triage-stop"));
        try {
            local.start();
        } catch (Exception e) {
            log.error("Triage did not start: {}", e.getMessage());
            System.exit(1);
        }
        Thread.currentThread().join();
    }

    private void start() throws Exception {
        Instant begin = Instant.now();
        Path data = settings.dataDir();
        Files.createDirectories(data);
        log.info("Data directory: {}", data);
        store = EmbeddedStore.start(data.resolve("mongo"), settings.mongoPort());
        log.info("Embedded MongoDB-compatible store on {}", settings.mongoUri());
        broker = KafkaBroker.start(data.resolve("kafka"), settings.kafkaPort(), settings.controllerPort());
        log.info("Kafka broker (KRaft) on {}", settings.kafkaBootstrap());

        boolean newAdminKey = System.getenv("TRIAGE_ADMIN_KEY") == null && !Files.exists(data.resolve("admin-key"));
        secretKey = System.getenv("TRIAGE_SECRET_KEY") != null ? null : localSecretKey(data.resolve("secret-key"));
        for (String service : LocalSettings.SERVICES) {
            int instances = service.equals("analysis-service") ? Math.max(1, settings.analysisInstances()) : 1;
            for (int i = 0; i < instances; i++) {
                int port = settings.servicePorts().get(service) + (i == 0 ? 0 : 100 + i);
                services.add(ServiceProcess.start(service, jarOf(service), port, settings.serviceJvmOptions(),
                        environment(service, port, i), data.resolve("logs")));
            }
        }
        awaitReady();
        printAccess(data.resolve("admin-key"), newAdminKey);
        log.info("Triage is up in {} s: API and web UI on http://localhost:{}  (logs: {})",
                Duration.between(begin, Instant.now()).toSeconds(), settings.gatewayPort(), data.resolve("logs"));
    }

    /** The admin key the gateway generated at its first start, and how to get a token with it. */
    private void printAccess(Path keyFile, boolean newKey) throws IOException {
        int port = settings.gatewayPort();
        String key = System.getenv("TRIAGE_ADMIN_KEY") != null ? "$TRIAGE_ADMIN_KEY"
                : newKey && Files.isReadable(keyFile) ? Files.readString(keyFile).trim() : "$(cat " + keyFile + ")";
        log.info("""
                Access: anonymous reads and analysis from this machine only; everything else needs a key or token.
                  Admin key: {}{}
                  Create a token:  curl -s -X POST localhost:{}/api/auth/tokens -H "Authorization: Bearer {}" \\
                                     -H 'Content-Type: application/json' -d '{"name":"ci","scopes":["analysis:write","results:read"]}'
                  Then send it as: Authorization: Bearer <token>   (README: "Access and tokens")""",
                key, newKey ? "   (generated now, stored owner-only in " + keyFile + ")" : "", port, key);
    }

    private Map<String, String> environment(String service, int port, int instance) {
        Map<String, String> env = new HashMap<>();
        env.put("TRIAGE_KAFKA_BOOTSTRAP", settings.kafkaBootstrap());
        env.put("TRIAGE_MONGODB_URI", settings.mongoUri());
        env.put("TRIAGE_INSTANCE", service + "-" + instance);
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("TRIAGE_DATA_DIR", settings.dataDir().toString());
        if (secretKey != null && (service.equals("gateway-service") || service.equals("analysis-service"))) {
            // the gateway seals Jenkins credentials of a request and the worker opens them: one key for both
            env.put("TRIAGE_SECRET_KEY", secretKey);
        }
        if (service.equals("gateway-service")) {
            // a laptop default: loopback callers (the README's curl, rootcoz's pytest plugin) read and analyse without
            // credentials; everything else needs a token. TRIAGE_ANONYMOUS=none turns it off (docs/security.md).
            env.put("TRIAGE_ANONYMOUS", System.getenv().getOrDefault("TRIAGE_ANONYMOUS", "read,analysis"));
            env.put("TRIAGE_ANONYMOUS_NETWORKS", System.getenv().getOrDefault("TRIAGE_ANONYMOUS_NETWORKS", "127.0.0.0/8,::1"));
        }
        settings.servicePorts().forEach((name, p) -> {
            String key = name.substring(0, name.indexOf('-')).toUpperCase();
            env.put("TRIAGE_GATEWAY_SERVICES_" + key, "http://localhost:" + p);
        });
        return env;
    }

    /**
     * The local secret key for sealed credentials: read from {@code <data>/secret-key}, or generated there (owner-only)
     * at the first start, so that a laptop run can take Jenkins credentials in requests without any setup.
     */
    private static String localSecretKey(Path file) throws IOException {
        if (Files.isReadable(file)) {
            return Files.readString(file).trim();
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String encoded = Base64.getEncoder().encodeToString(key);
        Files.writeString(file, encoded);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a non-POSIX file system: the data directory's own protection applies
        }
        return encoded;
    }

    private Path jarOf(String service) throws IOException {
        Path target = settings.home().resolve(service).resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        throw new IllegalStateException("no runnable jar in " + target + "; run ./triage build");
    }

    private void awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty()) {
            for (ServiceProcess service : List.copyOf(waiting)) {
                if (!service.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited during startup; see " + service.log());
                }
                if (service.isReady()) {
                    log.info("{} ready on port {}", service.name(), service.port());
                    waiting.remove(service);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                        + waiting.stream().map(ServiceProcess::name).toList() + "; see " + settings.dataDir().resolve("logs"));
            }
            Thread.sleep(250);
        }
    }

    private synchronized void stop() {
        log.info("Stopping Triage...");
        services.forEach(ServiceProcess::requestStop);
        for (ServiceProcess service : services) {
            try {
                service.awaitStop(Duration.ofSeconds(25));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        services.clear();
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        log.info("Stopped. Data kept in {}", settings.dataDir());
    }
}
