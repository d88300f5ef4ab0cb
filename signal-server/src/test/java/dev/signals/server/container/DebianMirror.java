package dev.signals.server.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Debian package mirror this machine's apt already uses for a suite, read from
 * {@code /etc/apt/sources.list} and the deb822 files in {@code sources.list.d}; debootstrap and the
 * images built on its result fetch from there, so the tests reach no other network location.
 */
final class DebianMirror {
    static final String FALLBACK = "http://deb.debian.org/debian";

    private DebianMirror() {
    }

    static String forSuite(Path aptDir, String suite) {
        List<Path> files = new ArrayList<>();
        files.add(aptDir.resolve("sources.list"));
        try (Stream<Path> parts = Files.list(aptDir.resolve("sources.list.d"))) {
            parts.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).sorted().forEach(files::add);
        } catch (IOException e) {
            // no sources.list.d: only sources.list counts
        }
        for (Path file : files) {
            String uri = find(file, suite);
            if (uri != null) {
                return uri;
            }
        }
        return FALLBACK;
    }

    private static String find(Path file, String suite) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return null;
        }
        return file.toString().endsWith(".sources") ? fromDeb822(lines, suite) : fromOneLine(lines, suite);
    }

    /** {@code deb [options] URI SUITE COMPONENTS…} lines. */
    private static String fromOneLine(List<String> lines, String suite) {
        for (String line : lines) {
            String[] words = line.replaceAll("\\[[^]]*]", " ").trim().split("\\s+");
            if (words.length >= 3 && words[0].equals("deb") && words[2].equals(suite)) {
                return words[1];
            }
        }
        return null;
    }

    /** Stanzas of {@code Types:}, {@code URIs:}, {@code Suites:} fields separated by blank lines. */
    private static String fromDeb822(List<String> lines, String suite) {
        String uris = null;
        String suites = null;
        boolean deb = false;
        List<String> stanza = new ArrayList<>(lines);
        stanza.add("");
        for (String line : stanza) {
            if (line.isBlank()) {
                if (deb && uris != null && suites != null && Arrays.asList(suites.split("\\s+")).contains(suite)) {
                    return uris.split("\\s+")[0];
                }
                uris = null;
                suites = null;
                deb = false;
            } else if (line.startsWith("URIs:")) {
                uris = line.substring(5).trim();
            } else if (line.startsWith("Suites:")) {
                suites = line.substring(7).trim();
            } else if (line.startsWith("Types:")) {
                deb = Arrays.asList(line.substring(6).trim().split("\\s+")).contains("deb");
            }
        }
        return null;
    }
}
