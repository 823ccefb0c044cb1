package org.erlangen.cli;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code erlangen} command: one entry point with a subcommand per job. */
@Command(name = "erlangen", mixinStandardHelpOptions = true, version = "Erlangen 0.1.0",
        description = "Geometric deep learning for the JVM.",
        subcommands = {DemoCommand.class, CoraCommand.class, TrainCommand.class, MeshClassifyCommand.class,
                GridClassifyCommand.class, SphereClassifyCommand.class,
                MoleculeCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Erlangen implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for main and for tests. */
    static CommandLine commandLine() {
        return new CommandLine(new Erlangen()).setExecutionExceptionHandler(Erlangen::reportError);
    }

    /** Problems the user can fix get one line and a non-zero exit, not a stack trace. */
    private static int reportError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof UserError || e instanceof IllegalArgumentException || e instanceof IOException) {
            cmd.getErr().println("erlangen " + cmd.getCommandName() + ": " + e.getMessage());
            return 2;
        }
        e.printStackTrace(cmd.getErr());
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
