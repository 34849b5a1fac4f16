package io.orderpipeline.testsupport.stack;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} or {@code @QuarkusIntegrationTest} at one {@link Devstack} shared by every test
 * class in the JVM: {@code @WithTestResource(DevstackResource.class)}. The stack starts with the first test that
 * needs it and stops when the JVM exits (Devstack's shutdown hook), never in {@link #stop()}, since the next test
 * class reuses it.
 *
 * <p>A Quarkus test profile loads this class again, in a class loader of its own. That application is handed the
 * settings of the stack the first one started, recorded in system properties, the one place both class loaders
 * see. Its test code reaches the stack through the application's configuration ({@code kafka.bootstrap.servers},
 * {@code quarkus.datasource.jdbc.url}); {@link #devstack()} refuses, rather than start a second stack.
 */
public class DevstackResource implements QuarkusTestResourceLifecycleManager {

    /** The JUnit tag of every test that needs the stack: {@code ./mvnw test -Pfast} leaves them out. */
    public static final String TAG = Devstack.TEST_TAG;

    private static final String RECORDED = "order-pipeline.test.devstack.";
    private static Devstack shared;

    /** The running shared stack, started if need be: for tests that restart a server or read an address. */
    public static synchronized Devstack devstack() {
        if (shared == null && System.getProperty(RECORDED + "kafka.bootstrap.servers") != null) {
            throw new IllegalStateException("The shared stack was started in another class loader (a Quarkus test "
                    + "profile loads test classes anew): reach it through the application's configuration");
        }
        if (shared == null) {
            shared = Devstack.start(DevstackOptions.defaults());
        }
        return shared;
    }

    /** Quarkus starts one application at a time; this must take no lock that the servers' start-up could need. */
    @Override
    public Map<String, String> start() {
        return sharedConfig();
    }

    /** The shared stack's settings for Quarkus, from whichever class loader started it (starting it if none has). */
    public static Map<String, String> sharedConfig() {
        Map<String, String> recorded = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(RECORDED))
                .forEach(name -> recorded.put(name.substring(RECORDED.length()), System.getProperty(name)));
        if (!recorded.isEmpty()) {
            return recorded;
        }
        Map<String, String> config = devstack().quarkusConfig();
        config.forEach((name, value) -> System.setProperty(RECORDED + name, value));
        return config;
    }

    @Override
    public void stop() {
        // Shared: see the class comment.
    }
}
