package io.orderpipeline.devstack;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Shows INFO and above on the console during these tests. Quarkus' bootstrap, on our test class path,
 * installs a handler that holds every record until a Quarkus application configures logging, which
 * never happens here; without this the start-up lines and the servers' warnings would stay hidden.
 */
public class ConsoleLogging implements LauncherSessionListener {

    // The tests' own Kafka clients narrate every rebalance; held here because java.util.logging
    // forgets the level of a logger nobody references.
    private static final Logger KAFKA_CLIENTS = Logger.getLogger("org.apache.kafka.clients");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Logger.getLogger("").addHandler(new ConsoleHandler());
        KAFKA_CLIENTS.setLevel(Level.WARNING);
    }
}
