package io.orderpipeline.testsupport.stack;

import io.orderpipeline.devstack.Devstack;
import io.orderpipeline.devstack.DevstackOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * {@link DevstackResource} for a {@linkplain DevstackOptions#withSecured secured} stack of its own: Kafka on SASL_SSL
 * with SCRAM-SHA-512, PostgreSQL and Redis on TLS with passwords. The settings it hands Quarkus are the ones a
 * deployment sets for that (see {@link Devstack#quarkusConfig()}).
 */
public class SecuredDevstackResource implements QuarkusTestResourceLifecycleManager {

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
        // Shared, like DevstackResource's.
    }
}
