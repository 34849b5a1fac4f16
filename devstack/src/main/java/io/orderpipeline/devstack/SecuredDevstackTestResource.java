package io.orderpipeline.devstack;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * {@link DevstackTestResource} for a {@linkplain DevstackOptions#withSecured secured} stack: Kafka on SASL_SSL
 * with SCRAM-SHA-512, PostgreSQL and Redis on TLS with passwords. The settings it hands Quarkus are the ones a
 * deployment sets for that (see {@link Devstack#quarkusConfig()}). Shared, started and stopped like the plain
 * one, and separate from it: a test that uses this one runs against servers of its own.
 */
public class SecuredDevstackTestResource implements QuarkusTestResourceLifecycleManager {

    private static Devstack shared;

    /** The running shared secured stack, started if need be. */
    public static synchronized Devstack devstack() {
        if (shared == null) {
            shared = Devstack.start(DevstackOptions.defaults().withSecured(true));
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        return devstack().quarkusConfig();
    }

    @Override
    public void stop() {
        // Shared: see DevstackTestResource.
    }
}
