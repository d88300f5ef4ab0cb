package dev.signals.loadtest.failover;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the failover run kills a node mid-run: SIGKILL to a process id, or a shell command (for a
 * container, a remote host, or anything the harness cannot signal itself). Blocking; called
 * from the run's own thread, never from an event loop.
 */
public interface NodeKiller {
    /** Kills the node; returns once the kill was issued. */
    void kill() throws IOException, InterruptedException;

    /** What the report says was done. */
    String describe();

    static NodeKiller pid(long pid) {
        return new NodeKiller() {
            @Override
            public void kill() {
                ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
                if (!p.destroyForcibly()) {
                    throw new IllegalStateException("could not kill process " + pid);
                }
            }

            @Override
            public String describe() {
                return "SIGKILL to pid " + pid;
            }
        };
    }

    static NodeKiller command(String command) {
        return new NodeKiller() {
            @Override
            public void kill() throws IOException, InterruptedException {
                Process p = new ProcessBuilder(List.of("sh", "-c", command)).inheritIO().start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("kill command still running after 30 s: " + command);
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("kill command exited " + p.exitValue() + ": " + command);
                }
            }

            @Override
            public String describe() {
                return "sh -c '" + command + "'";
            }
        };
    }
}
