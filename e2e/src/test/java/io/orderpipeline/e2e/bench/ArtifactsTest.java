package io.orderpipeline.e2e.bench;

import io.orderpipeline.e2e.stack.ServiceRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactsTest {

    @TempDir
    Path root;

    @Test
    void aJvmArtifactIsTheWholeFastJarFolderAndHasNoNativeBuild() throws IOException {
        Path app = Files.createDirectories(root.resolve("stg/target/quarkus-app/lib"));
        Files.write(app.resolve("lib.jar"), new byte[300_000]);
        Files.write(app.getParent().resolve("quarkus-run.jar"), new byte[1_000]);

        Artifacts artifacts = Artifacts.of(root, ServiceRuntime.JVM, "stg");

        assertThat(artifacts.bytes()).isEqualTo(301_000);
        assertThat(artifacts.layerBytes()).isPositive().isLessThan(10_000);
        assertThat(artifacts.build()).isEmpty();
    }

    @Test
    void aNativeArtifactIsTheExecutableWithTheCostOfItsBuild() throws IOException {
        Path directory = Files.createDirectories(root.resolve("dds/target/native"));
        Files.write(directory.resolve("dds-1.0.0-SNAPSHOT-runner"), new byte[50_000]);
        Path sources = Files.createDirectories(directory.resolve("dds-1.0.0-SNAPSHOT-native-image-source-jar"));
        Files.writeString(sources.resolve("dds-1.0.0-SNAPSHOT-runner-build-output-stats.json"), """
                {"resource_usage": {"total_secs": 283.5, "memory": {"peak_rss_bytes": 4930293760}}}""");

        Artifacts artifacts = Artifacts.of(root, ServiceRuntime.NATIVE, "dds");

        assertThat(artifacts.bytes()).isEqualTo(50_000);
        assertThat(artifacts.build()).contains(new Artifacts.NativeBuild(283.5, 4_930_293_760L));
    }
}
