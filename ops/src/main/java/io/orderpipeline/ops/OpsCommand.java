package io.orderpipeline.ops;

import io.orderpipeline.ops.rebuild.RebuildCommand;
import io.orderpipeline.ops.redrive.RedriveCommand;
import io.orderpipeline.ops.status.StatusCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** {@code ops status | redrive | rebuild}: the operator's jobs on a running pipeline. */
@TopCommand
@Command(name = "ops", mixinStandardHelpOptions = true, versionProvider = OpsVersion.class,
        description = "Operates the order pipeline: configured by the services' variables (KAFKA_*, PG_*).",
        subcommands = {StatusCommand.class, RedriveCommand.class, RebuildCommand.class})
public class OpsCommand {
}
