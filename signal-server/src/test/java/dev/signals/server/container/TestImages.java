package dev.signals.server.container;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The images the container tests run, all made on this machine and named {@code localhost/…}, so
 * nothing is ever pulled from a registry: a Debian base from debootstrap, that base plus a
 * jlinked Java 17 runtime, that base plus Debian's redis-server, and the image under test built
 * from {@code docker/Dockerfile}. The bases are built once and reused by name.
 */
final class TestImages {
    static final String DEBIAN = "localhost/signal-test/debian:bookworm";
    static final String REDIS = "localhost/signal-test/redis:bookworm";
    static final String SIGNAL = "localhost/signal-test/signal:latest";
    private static final String LABEL = "dev.signals.test-image=signal";
    /** What the server needs from the JDK (jdeps on the shaded jar) plus EC crypto for rediss://. */
    private static final List<String> MODULES = List.of("java.base", "java.compiler", "java.desktop", "java.logging",
            "java.management", "java.naming", "java.sql", "java.xml", "jdk.crypto.ec", "jdk.jfr", "jdk.management",
            "jdk.unsupported");
    private static final Duration BUILD = Duration.ofMinutes(10);

    private final Podman podman;
    private final Path repo;
    private final Path jar;

    TestImages(Podman podman, Path repo, Path jar) {
        this.podman = podman;
        this.repo = repo;
        this.jar = jar;
    }

    /** Paths from the Maven execution that runs these tests, or the module directory's defaults. */
    static TestImages from(Podman podman) {
        Path repo = Path.of(System.getProperty("signal.repo", "..")).toAbsolutePath().normalize();
        Path jar = Path.of(System.getProperty("signal.jar", "target/signal-server.jar")).toAbsolutePath().normalize();
        return new TestImages(podman, repo, jar);
    }

    /**
     * {@code docker/Dockerfile}'s {@code prebuilt} target (the jar this build packaged) on the
     * local Java 17 base; rebuilt every run (layers are cached). The default target compiles in a
     * JDK stage, which would need a JDK image and Maven's repository inside the build: the
     * fresh-clone path is checked statically by DeploymentFilesTest instead.
     */
    String signal() {
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: the container tests run after `package` (./mvnw verify), or build it with "
                    + "./mvnw -q -B -DskipTests package");
        }
        podman.ok(BUILD, "build", "--pull=never", "--format", "docker", "--target", "prebuilt", "--build-arg", "BASE_IMAGE=" + jre17(),
                "--label", LABEL, "-f", repo.resolve("docker/Dockerfile").toString(), "-t", SIGNAL, repo.toString());
        // Each new jar leaves the previous image untagged; drop those, and only those.
        podman.run(Duration.ofMinutes(1), "image", "prune", "-f", "--filter", "label=" + LABEL);
        return SIGNAL;
    }

    /** A minimal Debian bookworm from debootstrap, fetched from the mirror this machine's apt uses. */
    String debian() {
        if (podman.imageExists(DEBIAN)) {
            return DEBIAN;
        }
        Path rootfs = podman.workDir().resolve("debian-rootfs");
        Path tarball = podman.workDir().resolve("debian-rootfs.tar");
        try {
            deleteTree(rootfs);
            String mirror = DebianMirror.forSuite(Path.of("/etc/apt"), "bookworm");
            Podman.okOrFail(podman.host(BUILD, "debootstrap", "--variant=minbase", "bookworm", rootfs.toString(), mirror));
            // Downloaded packages and package lists: 50 MB that every image built on this one would carry.
            Podman.okOrFail(podman.host(Duration.ofMinutes(1), "find", rootfs.resolve("var/cache/apt/archives").toString(),
                    rootfs.resolve("var/lib/apt/lists").toString(), "-maxdepth", "1", "-type", "f", "-delete"));
            Podman.okOrFail(podman.host(BUILD, "tar", "-C", rootfs.toString(), "-cf", tarball.toString(), "."));
            podman.ok(BUILD, "import", tarball.toString(), DEBIAN);
            return DEBIAN;
        } finally {
            deleteTree(rootfs);
            deleteTree(tarball);
        }
    }

    /** The Debian base plus a runtime jlinked from this machine's JDK 17 at {@code /opt/java}. */
    String jre17() {
        Path jdk = Jdk17.home();
        String name = "localhost/signal-test/jre17:" + Jdk17.version(jdk) + "-" + Integer.toHexString(MODULES.hashCode());
        if (podman.imageExists(name)) {
            return name;
        }
        return build(name, "FROM " + debian() + "\n"
                + "COPY jre /opt/java\n"
                + "ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n",
                context -> Podman.okOrFail(podman.host(BUILD, jdk.resolve("bin/jlink").toString(),
                        "--add-modules", String.join(",", MODULES), "--strip-debug", "--no-header-files",
                        "--no-man-pages", "--compress=2", "--output", context.resolve("jre").toString())));
    }

    /** The Debian base plus Debian's redis-server, listening on every interface without persistence. */
    String redis() {
        if (podman.imageExists(REDIS)) {
            return REDIS;
        }
        return build(REDIS, "FROM " + debian() + "\n"
                + "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server"
                + " && rm -rf /var/lib/apt/lists/*\n"
                + "USER redis\n"
                + "EXPOSE 6379\n"
                + "CMD [\"redis-server\", \"--bind\", \"0.0.0.0\", \"--protected-mode\", \"no\", \"--save\", \"\","
                + " \"--appendonly\", \"no\"]\n", context -> { });
    }

    /** Builds {@code name} from a Containerfile in a scratch context that {@code prepare} may fill. */
    private String build(String name, String containerfile, java.util.function.Consumer<Path> prepare) {
        Path context = podman.workDir().resolve("context-" + name.replaceAll("[^a-z0-9]+", "-"));
        try {
            deleteTree(context);
            Files.createDirectories(context);
            prepare.accept(context);
            Files.writeString(context.resolve("Containerfile"), containerfile);
            podman.ok(BUILD, "build", "--pull=never", "-t", name, context.toString());
            return name;
        } catch (IOException e) {
            throw new AssertionError("cannot prepare " + context, e);
        } finally {
            deleteTree(context);
        }
    }

    /** {@code rm --one-file-system}: a debootstrap cut short can leave /proc mounted inside its root. */
    private void deleteTree(Path root) {
        Podman.okOrFail(podman.host(Duration.ofMinutes(2), "rm", "-rf", "--one-file-system", root.toString()));
    }
}
