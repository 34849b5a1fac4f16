package io.orderpipeline.ops;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the tool's version, which is the project's (quarkus.application.version, set by the build). */
public class OpsVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"ops-tool " + ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class).orElse("(unknown version)")};
    }
}
