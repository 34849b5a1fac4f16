package io.orderpipeline.devstack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lowers the chatty INFO logging of the embedded servers to WARNING. Their slf4j logging reaches
 * java.util.logging through the JBoss LogManager in Quarkus and in our tests; elsewhere this is a no-op.
 * A level someone already configured is left alone.
 */
final class QuietLogging {

    // java.util.logging keeps loggers weakly: without a strong reference the level would be lost.
    private static final List<Logger> QUIETED = new CopyOnWriteArrayList<>();

    private QuietLogging() {
    }

    static void quiet(String... categories) {
        for (String category : categories) {
            Logger logger = Logger.getLogger(category);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
                QUIETED.add(logger);
            }
        }
    }
}
