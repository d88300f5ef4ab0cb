package dev.signals.server.container;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs podman and the host tools the container tests need, each call with a hard timeout and its
 * output kept for the failure message. {@link #ready} installs missing tools with apt-get and
 * points podman at a {@code containers.conf} of its own, so a fresh CI machine works unchanged.
 */
final class Podman {
    /** Commands the container tests run, and the Debian package that provides each. */
    static final Map<String, String> TOOLS = orderedMap(
            "podman", "podman", "runc", "runc", "debootstrap", "debootstrap", "podman-compose", "podman-compose");

    /** What a finished command printed (stdout and stderr interleaved) and its exit status. */
    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n" + tail(output);
        }
    }

    private final Path workDir;
    private final Map<String, String> env;

    private Podman(Path workDir, Map<String, String> env) {
        this.workDir = workDir;
        this.env = env;
    }

    /**
     * A podman that can start containers here, or a test failure saying why not. Without the
     * ulimits below runc cannot start a container on hosts whose hard {@code nofile} limit is
     * lower than podman's default (1048576), and without {@code runtime = "runc"} podman looks
     * for crun, which Debian's podman does not pull in.
     */
    static Podman ready(Path workDir) {
        try {
            Files.createDirectories(workDir);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("PATH", env.getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/local/sbin:/usr/sbin:/sbin");
            env.put("DEBIAN_FRONTEND", "noninteractive");
            installMissing(env);
            long nofile = hardLimit(env, "-Hn", 1_048_576);
            long nproc = Math.min(hardLimit(env, "-Hu", 4096), 4096);
            Path conf = workDir.resolve("containers.conf");
            Files.writeString(conf, "[containers]\ndefault_ulimits = [\"nofile=" + nofile + ":" + nofile
                    + "\", \"nproc=" + nproc + ":" + nproc + "\"]\n\n[engine]\nruntime = \"runc\"\n");
            env.put("CONTAINERS_CONF", conf.toString());
            Podman podman = new Podman(workDir, env);
            podman.ok(Duration.ofSeconds(60), "info");
            return podman;
        } catch (IOException e) {
            throw new AssertionError("cannot prepare podman in " + workDir, e);
        }
    }

    private static void installMissing(Map<String, String> env) {
        List<String> packages = new ArrayList<>();
        TOOLS.forEach((command, pkg) -> {
            if (!exec(env, Duration.ofSeconds(10), List.of("bash", "-c", "command -v " + command)).ok()) {
                packages.add(pkg);
            }
        });
        if (packages.isEmpty()) {
            return;
        }
        if (!"0".equals(exec(env, Duration.ofSeconds(10), List.of("id", "-u")).output().trim())) {
            fail("the container tests need the Debian packages " + packages + ": install them, or run the tests as root");
        }
        okOrFail(exec(env, Duration.ofMinutes(5), List.of("apt-get", "update", "-qq")));
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
        install.addAll(packages);
        okOrFail(exec(env, Duration.ofMinutes(10), install));
    }

    private static long hardLimit(Map<String, String> env, String flag, long unlimited) {
        String value = exec(env, Duration.ofSeconds(10), List.of("bash", "-c", "ulimit " + flag)).output().trim();
        return "unlimited".equals(value) ? unlimited : Long.parseLong(value);
    }

    Path workDir() {
        return workDir;
    }

    /** Runs {@code podman args…}; fails the test if it does not finish within {@code timeout}. */
    Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return exec(env, timeout, command);
    }

    /** Like {@link #run} but fails the test, with the command's output, unless it exits 0. */
    String ok(Duration timeout, String... args) {
        return okOrFail(run(timeout, args)).output();
    }

    /** {@link #run} on its own thread, for a command that blocks while the test watches (podman stop). */
    CompletableFuture<Result> runAsync(Duration timeout, String... args) {
        return CompletableFuture.supplyAsync(() -> run(timeout, args),
                task -> new Thread(task, "podman-" + args[0]).start());
    }

    /** Any host command with podman's environment (tar, podman-compose, debootstrap, jlink). */
    Result host(Duration timeout, String... command) {
        return exec(env, timeout, List.of(command));
    }

    boolean imageExists(String image) {
        return run(Duration.ofSeconds(30), "image", "exists", image).ok();
    }

    static Result okOrFail(Result result) {
        if (!result.ok()) {
            fail(result.describe());
        }
        return result;
    }

    private static Result exec(Map<String, String> env, Duration timeout, List<String> command) {
        Path log = null;
        Process process = null;
        try {
            log = Files.createTempFile("signal-container-test", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail(String.join(" ", command) + " did not finish within " + timeout + "\n"
                        + tail(Files.readString(log, StandardCharsets.UTF_8)));
            }
            return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (log != null) {
                log.toFile().delete();
            }
        }
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : "…" + output.substring(output.length() - 6000);
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
