package io.orderpipeline.shared.settings;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Says once, at start-up, which warehouse the service writes to (never the password). It also holds the one
 * injection point of {@link WarehouseSettings}: Quarkus checks a mapping while it reads its configuration only when
 * something injects it, and that check is what stops a start-up without {@code PG_PASSWORD}.
 */
@ApplicationScoped
public class ConnectionReport {

    private static final Logger LOG = Logger.getLogger(ConnectionReport.class);

    private final String url;
    private final String user;

    ConnectionReport(WarehouseSettings checkedAtStartUp,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user) {
        this.url = url;
        this.user = user;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Warehouse: PostgreSQL %s as %s", hostAndDatabase(url), user);
    }

    /** Host, port and database only: a URL may carry credentials or options that do not belong in a log. */
    static String hostAndDatabase(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() == null ? "(no host in the URL)" : uri.getHost() + ":" + uri.getPort() + uri.getPath();
        } catch (URISyntaxException e) {
            return "(a URL that is not valid)";
        }
    }
}
