package io.orderpipeline.devstack;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at one {@link Devstack} shared by every test class in the JVM:
 * {@code @QuarkusTestResource(DevstackTestResource.class)} or {@code @WithTestResource(DevstackTestResource.class)}.
 * The stack starts with the first test that needs it and stops when the JVM exits (Devstack's shutdown hook),
 * never in {@link #stop()}, since the next test class or Quarkus restart reuses it.
 *
 * <p>The stack is a static of this class, so it is shared as far as this class is: should Quarkus load the class
 * again for another application (another test profile), that application gets a stack of its own.
 * {@code quarkus.class-loading.parent-first-artifacts} is the lever to load it once.
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    private static Devstack shared;

    /** The running shared stack, started if need be: for tests that restart a server or read an address. */
    public static synchronized Devstack devstack() {
        if (shared == null) {
            shared = Devstack.start(DevstackOptions.defaults());
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        return devstack().quarkusConfig();
    }

    @Override
    public void stop() {
        // Shared: see the class comment.
    }
}
