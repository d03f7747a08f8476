package dev.triage.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

/**
 * An integration test of one service on real parts: a KRaft Kafka broker of its own (started with the Spring context
 * and cached with it) and a database of its own on the embedded MongoDB-compatible server. The web server listens on
 * a random port. The gateway lets loopback callers read and analyse without credentials and knows the admin key
 * {@value #ADMIN_KEY}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"triage.kafka.partitions-override=3",
            // the gateway admits anonymous reads and analysis from loopback, like the local all-in-one; tests of access
            // itself override these
            "triage.gateway.access.anonymous=read,analysis", "triage.gateway.access.anonymous-networks=127.0.0.0/8,::1",
            "TRIAGE_ADMIN_KEY=test-admin-key-0123456789"})
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@ContextConfiguration(initializers = EmbeddedMongoInitializer.class)
public @interface TriageIntegrationTest {

    /** The bootstrap admin key of the gateway in these tests. */
    String ADMIN_KEY = "test-admin-key-0123456789";
}
