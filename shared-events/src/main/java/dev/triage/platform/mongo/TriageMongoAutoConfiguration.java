package dev.triage.platform.mongo;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * Replaces Boot's Mongo health check, which sends {@code hello}: the embedded store does not know that command and
 * would report DOWN. {@code ping} works on both.
 */
@AutoConfiguration(before = MongoHealthContributorAutoConfiguration.class)
@ConditionalOnClass({MongoDatabaseFactory.class, HealthIndicator.class})
public class TriageMongoAutoConfiguration {

    @Bean
    PayloadStore payloadStore(MongoClient client, @Value("${triage.payloads.database}") String database) {
        return new PayloadStore(client, database, "payloads");
    }

    @Bean
    StoreMetrics storeMetrics(MongoDatabaseFactory databases, io.micrometer.core.instrument.MeterRegistry registry) {
        return new StoreMetrics(databases, registry);
    }

    @Bean(name = "mongoHealthIndicator")
    HealthIndicator mongoHealthIndicator(ObjectProvider<MongoDatabaseFactory> databases) {
        return new AbstractHealthIndicator("MongoDB ping failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                Document reply = databases.getObject().getMongoDatabase().runCommand(new Document("ping", 1));
                builder.up().withDetail("ping", reply.get("ok"));
            }
        };
    }
}
