package io.orderpipeline.settings;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Makes Quarkus check {@link WarehouseSettings} at start-up, and says which warehouse the service writes to. Quarkus
 * checks a mapping while it reads its configuration only if something injects it: this injection point is what
 * stops a start-up without {@code PG_PASSWORD} before anything connects.
 */
@ApplicationScoped
public class WarehouseSettingsCheck {

    private static final Logger LOG = Logger.getLogger(WarehouseSettingsCheck.class);

    private final String url;
    private final String user;

    WarehouseSettingsCheck(WarehouseSettings checkedWhileConfigurationIsRead,
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
            if (uri.getHost() == null) {
                return "(no single host in the URL)";
            }
            return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + uri.getPath();
        } catch (URISyntaxException e) {
            return "(a URL that is not valid)";
        }
    }
}
