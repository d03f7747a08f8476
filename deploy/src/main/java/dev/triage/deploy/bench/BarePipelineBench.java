package dev.triage.deploy.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * The baseline: the bare job pipeline on the same broker and store, with no HTTP, no parsing and no framework:
 * insert a job, publish it, a consumer marks it running and publishes completion, a second consumer marks it done.
 * What Triage adds on top of this is the price of the real work.
 */
final class BarePipelineBench {

    private BarePipelineBench() {
    }

    static void run(Options options) throws Exception {
        int jobs = options.jobs(20_000);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String requested = "bench." + run + ".requested";
        String completed = "bench." + run + ".completed";
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", options.kafka()))) {
            admin.createTopics(List.of(new NewTopic(requested, 12, (short) 1), new NewTopic(completed, 12, (short) 1))).all().get();
        }
        try (MongoClient mongo = MongoClients.create(options.mongo());
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", options.kafka(),
                        "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName(),
                        "linger.ms", "0", "acks", "all"))) {
            MongoCollection<Document> collection = mongo.getDatabase("bench").getCollection("jobs_" + run);
            CountDownLatch finished = new CountDownLatch(jobs);
            AtomicInteger ready = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread worker = consumer(options, requested, "worker-" + run, ready, stop, record -> {
                collection.findOneAndUpdate(Filters.eq("_id", record.key()), Updates.set("status", "running"));
                producer.send(new ProducerRecord<>(completed, record.key(), "{\"status\":\"completed\"}"));
            });
            Thread registry = consumer(options, completed, "registry-" + run, ready, stop, record -> {
                collection.updateOne(Filters.eq("_id", record.key()), Updates.set("status", "completed"));
                finished.countDown();
            });
            while (ready.get() < 2) {
                Thread.sleep(50);
            }
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                String id = run + "-" + i;
                collection.insertOne(new Document("_id", id).append("status", "pending"));
                producer.send(new ProducerRecord<>(requested, id, "{\"job\":\"" + id + "\"}"));
            }
            finished.await();
            double seconds = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            worker.join();
            registry.join();
            System.out.printf(Locale.ROOT, "bare pipeline baseline (insert -> Kafka -> findOneAndUpdate -> Kafka -> update),"
                    + " %d jobs: %.0f jobs/s%n", jobs, jobs / seconds);
            mongo.getDatabase("bench").drop();
        }
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", options.kafka()))) {
            admin.deleteTopics(List.of(requested, completed)).all().get();
        }
    }

    private static Thread consumer(Options options, String topic, String group, AtomicInteger ready,
            java.util.concurrent.atomic.AtomicBoolean stop, java.util.function.Consumer<ConsumerRecord<String, String>> handler) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", options.kafka(),
                    "group.id", group, "auto.offset.reset", "earliest", "key.deserializer", StringDeserializer.class.getName(),
                    "value.deserializer", StringDeserializer.class.getName(), "fetch.max.wait.ms", "5"))) {
                consumer.subscribe(List.of(topic));
                boolean announced = false;
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(50));
                    if (!announced && !consumer.assignment().isEmpty()) {
                        ready.incrementAndGet();
                        announced = true;
                    }
                    records.forEach(handler);
                }
            }
        });
    }
}
