package dev.signals.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads resources from the classpath at start-up: one file, or every file under a folder, whether
 * the classes sit in a directory (tests, IDE) or in a jar (the shaded server).
 */
public final class ClasspathFiles {
    private final ClassLoader loader;

    public ClasspathFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** The bytes of {@code resource}; throws when it is missing, so a broken build fails at start. */
    public byte[] read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every file under {@code folder} (no leading or trailing slash), keyed by its path relative to
     * the folder with {@code /} separators, in name order. {@code anchor} is one file known to be
     * there; it locates the folder on the classpath.
     */
    public Map<String, byte[]> folder(String folder, String anchor) {
        URL url = loader.getResource(folder + "/" + anchor);
        if (url == null) {
            throw new IllegalStateException("missing resource " + folder + "/" + anchor);
        }
        Map<String, byte[]> files = new TreeMap<>();
        try {
            if ("jar".equals(url.getProtocol())) {
                readJar(((JarURLConnection) url.openConnection()), folder, files);
            } else {
                Path root = Path.of(url.toURI()).getParent();
                readDirectory(root, files);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    private void readJar(JarURLConnection connection, String folder, Map<String, byte[]> files) throws IOException {
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            String prefix = folder + "/";
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put(entry.getName().substring(prefix.length()), in.readAllBytes());
                    }
                }
            }
        }
    }

    private static void readDirectory(Path root, Map<String, byte[]> files) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
    }
}
