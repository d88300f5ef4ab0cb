package dev.signals.loadtest;

import dev.signals.loadtest.cli.BareMailboxCommand;
import dev.signals.loadtest.cli.BareRelayCommand;
import dev.signals.loadtest.cli.CallCommand;
import dev.signals.loadtest.cli.ChurnCommand;
import dev.signals.loadtest.cli.CompareCommand;
import dev.signals.loadtest.cli.DomainCommand;
import dev.signals.loadtest.cli.FailoverCommand;
import dev.signals.loadtest.cli.HeapGrowthCommand;
import dev.signals.loadtest.cli.IdleCommand;
import dev.signals.loadtest.cli.MailboxCommand;
import dev.signals.loadtest.cli.MergeCommand;
import dev.signals.loadtest.cli.ProbeCommand;
import dev.signals.loadtest.cli.RoomRelayCommand;
import dev.signals.loadtest.cli.StalledReadersCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar signal-loadtest.jar SCENARIO --target URL [options]}: the load harness.
 * Each scenario is a subcommand with its own {@code --help}.
 */
@Command(name = "signal-loadtest", mixinStandardHelpOptions = true, version = "signal-loadtest 0.1",
        description = "Fixed-rate, coordinated-omission-corrected load for WebRTC signaling servers.",
        subcommands = {RoomRelayCommand.class, FailoverCommand.class, IdleCommand.class, ChurnCommand.class, CallCommand.class,
            DomainCommand.class, MailboxCommand.class, BareRelayCommand.class, BareMailboxCommand.class, ProbeCommand.class, HeapGrowthCommand.class,
            StalledReadersCommand.class, CompareCommand.class, MergeCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The command tree with the harness's error handling: a failed run prints one line and exits 3. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 3;
        });
        return cl;
    }
}
