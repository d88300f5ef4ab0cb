package dev.signals.server.container;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds a JDK 17 with {@code jlink} and its jmods on this machine, to make the test image's runtime. */
final class Jdk17 {
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

    private Jdk17() {
    }

    static Path home() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home")));
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null) {
            candidates.add(Path.of(javaHome));
        }
        candidates.add(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"));
        candidates.add(Path.of("/usr/lib/jvm/java-17-openjdk-arm64"));
        for (Path home : candidates) {
            if (Files.isExecutable(home.resolve("bin/jlink")) && Files.isRegularFile(home.resolve("jmods/java.base.jmod"))
                    && version(home).startsWith("17")) {
                return home;
            }
        }
        return fail("no JDK 17 with jlink and jmods among " + candidates + " (Debian: apt-get install openjdk-17-jdk-headless)");
    }

    /** {@code JAVA_VERSION} from the JDK's {@code release} file, e.g. {@code 17.0.15}; empty if unknown. */
    static String version(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
