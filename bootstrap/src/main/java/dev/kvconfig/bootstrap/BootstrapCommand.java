package dev.kvconfig.bootstrap;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Base of every leaf command: runs it with the global options and hands any failure to {@link Failures}, the single
 * place that picks the message and exit code.
 */
@Command
abstract class BootstrapCommand implements Callable<Integer> {
    private static final Failures FAILURES = new Failures();

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        GlobalOptions global = global();
        Output output = new Output(spec.commandLine(), global.json());
        try {
            return run(global, output);
        } catch (Exception failure) {
            return FAILURES.report(failure, spec.commandLine().getErr());
        }
    }

    /** Does the work and returns the exit code (0, or 3 for a plan with changes). */
    abstract int run(GlobalOptions global, Output output) throws Exception;

    private GlobalOptions global() {
        return ((KvconfigBootstrap) spec.root().userObject()).global();
    }
}
