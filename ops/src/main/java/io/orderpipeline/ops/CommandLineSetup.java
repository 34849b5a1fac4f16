package io.orderpipeline.ops;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** How the commands read their arguments and report a failure. */
@ApplicationScoped
class CommandLineSetup {

    /** Exit code of a command that failed on the way (a server unreachable, a topic missing). */
    static final int FAILED = 1;

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create()
                .setCaseInsensitiveEnumValuesAllowed(true)
                // The message, not a stack trace: what failed and why is what an operator acts on.
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("ops " + commandLine.getCommandName() + " failed: "
                            + messageOf(exception));
                    return FAILED;
                });
    }

    private static String messageOf(Throwable exception) {
        StringBuilder message = new StringBuilder(String.valueOf(exception.getMessage()));
        for (Throwable cause = exception.getCause(); cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            message.append(": ").append(cause.getMessage());
        }
        return message.toString();
    }
}
