package io.orderpipeline.stg.messaging;

import io.orderpipeline.devstack.SecuredDevstackTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service's log as a file a test can read: everything logged in the JVM from the service's start-up on, at
 * the levels it runs with (the in-JVM servers' lines included). A file of its own per run, so that nothing a
 * previous run wrote can make a check pass.
 */
public final class ServiceLog {

    private ServiceLog() {
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the service's log " + file, e);
        }
    }

    /** Logs to {@code target/service-logs/<name>-<time>.log} besides the console. */
    public abstract static class ToFile implements QuarkusTestProfile {

        abstract String name();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", "target/service-logs/" + name() + "-" + System.currentTimeMillis() + ".log",
                    // The devstack quiets the Kafka clients' configuration dumps in this JVM; production logs them,
                    // so they belong in a log that is checked for secrets.
                    "quarkus.log.category.\"org.apache.kafka.common.config.AbstractConfig\".level", "INFO");
        }
    }

    /** {@link SecuredConnectionsTest}: a secured stack of its own. */
    public static class Secured extends ToFile {
        @Override
        String name() {
            return "secured";
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SecuredDevstackTestResource.class));
        }
    }

    /** {@link WrongKafkaPasswordTest}, with its own secured stack's settings but a wrong Kafka password. */
    public static class WrongKafkaPassword extends ToFile {
        @Override
        String name() {
            return "wrong-kafka-password";
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WrongKafkaPasswordTest.Resource.class));
        }
    }
}
