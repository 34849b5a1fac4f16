package io.orderpipeline.cdm.messaging;

import io.orderpipeline.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link DevstackTestResource}'s stack, for every Quarkus application of the test JVM. DevstackTestResource keeps
 * its stack in a static, and Quarkus loads that class again for an application with another test profile, which
 * then starts an empty stack of its own; {@link ReplayTest} needs the stack the other test classes filled. So the
 * first application records the stack's settings in system properties, the one place that outlives a Quarkus
 * class loader, and later applications connect to that stack. (The stack runs until the JVM exits.)
 */
public class SharedDevstack implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "cdm.test.devstack.";

    /** Quarkus starts one application at a time, so this needs no lock (and must hold none: Kafka sets properties). */
    @Override
    public Map<String, String> start() {
        Map<String, String> recorded = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(PREFIX))
                .forEach(name -> recorded.put(name.substring(PREFIX.length()), System.getProperty(name)));
        if (!recorded.isEmpty()) {
            return recorded;
        }
        Map<String, String> config = DevstackTestResource.devstack().quarkusConfig();
        config.forEach((name, value) -> System.setProperty(PREFIX + name, value));
        return config;
    }

    @Override
    public void stop() {
        // The stack is shared; it stops with the JVM.
    }
}
