package dev.signals.server.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/Dockerfile} read as text, since the container tests build only its
 * {@code prebuilt} target: the default target compiles the jar from a fresh clone (a JDK stage
 * running the Maven wrapper, copied onto the runtime), the base images are build arguments, and
 * everything a stage copies from the context exists and is let through {@code .dockerignore}.
 */
class DockerfileStagesTest {
    private static final Path REPO = Path.of("..");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM (\\S+)(?: AS (\\S+))?$");
    private static final Pattern COPY = Pattern.compile("(?m)^COPY (?:--\\S+ )*(\\S+) (\\S+)$");

    @Test
    void theDefaultTargetCompilesTheJarInAJdkStageAndCopiesItOntoTheRuntime() throws Exception {
        String dockerfile = Files.readString(REPO.resolve("docker/Dockerfile"));
        List<String[]> stages = new ArrayList<>();
        Matcher m = FROM.matcher(dockerfile);
        while (m.find()) {
            stages.add(new String[] {m.group(1), m.group(2), dockerfile.substring(m.end())});
        }
        assertEquals(List.of("${BASE_IMAGE} runtime", "runtime prebuilt", "${BUILD_IMAGE} build", "runtime null"),
                stages.stream().map(s -> s[0] + " " + s[1]).toList(), "stages, in order: prebuilt never needs build");
        assertTrue(dockerfile.contains("\nARG BUILD_IMAGE=eclipse-temurin:17-jdk\n"));
        assertTrue(dockerfile.contains("\nARG BASE_IMAGE=eclipse-temurin:17-jre\n"));
        String build = stages.get(2)[2].substring(0, stages.get(2)[2].indexOf("\nFROM "));
        assertTrue(build.contains("RUN ./mvnw -pl signal-server -am package"), build);
        assertTrue(build.indexOf("COPY signal-server/src/main") > build.indexOf("RUN ./mvnw"),
                "the dependency layer comes before the sources");
        assertTrue(stages.get(3)[2].contains(
                "COPY --from=build --chmod=0444 /src/signal-server/target/signal-server.jar /app/signal-server.jar"));
    }

    @Test
    void everythingCopiedFromTheContextExistsAndDockerignoreLetsItThrough() throws Exception {
        String dockerfile = Files.readString(REPO.resolve("docker/Dockerfile"));
        List<String> admitted = Files.readAllLines(REPO.resolve(".dockerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
        Matcher m = COPY.matcher(dockerfile);
        int copies = 0;
        while (m.find()) {
            if (m.group(0).contains("--from=")) {
                continue;
            }
            String source = m.group(1);
            copies++;
            if (!source.equals("signal-server/target/signal-server.jar")) {
                assertTrue(Files.exists(REPO.resolve(source)), source + " is in the repository");
            }
            assertTrue(admitted.stream().anyMatch(a -> source.equals(a) || source.startsWith(a + "/")),
                    source + " is let through .dockerignore " + admitted);
        }
        assertEquals(11, copies, "healthcheck, start script, prebuilt jar, wrapper (2), poms (4), sources (2)");
    }
}
