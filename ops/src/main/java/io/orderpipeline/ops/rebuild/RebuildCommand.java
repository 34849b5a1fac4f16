package io.orderpipeline.ops.rebuild;

import io.orderpipeline.ops.OpsVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code rebuild cdm}: the marts, recomputed from cdm's order states while the pipeline runs (see CdmRebuild). */
@Command(name = "rebuild", mixinStandardHelpOptions = true, versionProvider = OpsVersion.class,
        description = "Recomputes a layer from what it holds of its input, while the pipeline runs.")
public class RebuildCommand implements Callable<Integer> {

    /** The layers this command can rebuild. */
    public enum Layer {
        cdm
    }

    @Parameters(paramLabel = "LAYER", description = "The layer: ${COMPLETION-CANDIDATES}.")
    Layer layer;

    @Option(names = "--dry-run", description = "Report what would change; change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    private final CdmRebuild cdm;

    RebuildCommand(CdmRebuild cdm) {
        this.cdm = cdm;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CdmRebuild.Result result = cdm.run(dryRun);
        for (CdmRebuild.MartChange mart : new CdmRebuild.MartChange[] {result.products(), result.categories()}) {
            out.printf("%s%s: %d rows; %d deleted, %d inserted, %d corrected%n", dryRun ? "dry run, " : "",
                    mart.mart(), mart.rows(), mart.deleted(), mart.inserted(), mart.corrected());
        }
        boolean changed = result.products().changed() || result.categories().changed();
        out.println(dryRun ? (changed ? "dry run: nothing was changed" : "the marts are exact")
                : (changed ? "the marts are rebuilt" : "the marts were exact; nothing changed"));
        out.printf("cdm's batches waited for the rebuild's lock for at most %.2f s%n",
                result.locked().toNanos() / 1e9);
        return 0;
    }
}
