package io.orderpipeline.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.shared.message.MessageCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** What this machine does without the pipeline: the yardsticks the benchmark's figures are compared with. */
final class RawReferences {

    private static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS public.benchmark_upsert (id bigint PRIMARY KEY, payload jsonb NOT NULL)""";
    private static final String UPSERT = """
            INSERT INTO public.benchmark_upsert (id, payload)
            SELECT id, payload::jsonb FROM unnest(?::bigint[], ?::text[]) AS batch(id, payload)
            ON CONFLICT (id) DO UPDATE SET payload = excluded.payload""";
    private static final String DROP_TABLE = "DROP TABLE public.benchmark_upsert";

    private RawReferences() {
    }

    /** Records/s that one producer sends to a fresh topic, acks=all. */
    static double kafkaProduceRate(String bootstrapServers, String topic, byte[] value, int records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long started = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
            return records / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** Records/s that one consumer reads back from that topic. */
    static double kafkaConsumeRate(String bootstrapServers, String topic, int records) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long started = System.nanoTime();
            int read = 0;
            while (read < records) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                read += batch.count();
            }
            return read / ((System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * Rows/s of upserts of JSON rows, {@code rowsPerTransaction} a statement and a transaction: at 500 what a batched
     * stage could reach; at 1, commits/s, what each commit's wait for the disk costs on this machine.
     */
    static double postgresUpsertRate(String jdbcUrl, String user, String password, String json, int rows,
            int rowsPerTransaction) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE_TABLE);
            }
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (int first = 0; first < rows; first += rowsPerTransaction) {
                    int size = Math.min(rowsPerTransaction, rows - first);
                    Long[] ids = new Long[size];
                    String[] payloads = new String[size];
                    for (int i = 0; i < size; i++) {
                        ids[i] = (long) (first + i);
                        payloads[i] = json;
                    }
                    upsert.setArray(1, connection.createArrayOf("bigint", ids));
                    upsert.setArray(2, connection.createArrayOf("text", payloads));
                    upsert.executeUpdate();
                    connection.commit();
                }
            }
            double rate = rows / ((System.nanoTime() - started) / 1e9);
            try (Statement statement = connection.createStatement()) {
                statement.execute(DROP_TABLE);
            }
            connection.commit();
            return rate;
        } catch (SQLException e) {
            throw new IllegalStateException("the PostgreSQL reference failed: " + e.getMessage(), e);
        }
    }

    /** Events/s that the pipeline's codec decodes and validates, on one thread of this JVM, after a warm-up. */
    static double codecDecodeRate(byte[] json, int events) {
        return rate(events, () -> MessageCodec.decodeIncomingEvent(json));
    }

    /** Events/s that Jackson alone parses into a tree: the codec's rate without its checks and records. */
    static double jsonParseRate(byte[] json, int events) {
        ObjectMapper mapper = new ObjectMapper();
        return rate(events, () -> {
            try {
                return mapper.readTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static double rate(int operations, Supplier<Object> operation) {
        Object sink = null;
        for (int i = 0; i < operations; i++) {
            sink = operation.get();
        }
        long started = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            sink = operation.get();
        }
        double rate = operations / ((System.nanoTime() - started) / 1e9);
        return sink == null ? 0 : rate;
    }
}
