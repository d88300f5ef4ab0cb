package dev.signals.server.web;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Swagger UI from the {@code org.webjars:swagger-ui} jar, served same-origin under
 * {@code /swagger/} (docs/configuration.md). Only the files its {@code index.html} loads are kept in
 * memory, and the webjar's {@code swagger-initializer.js} (which points at the petstore) is
 * replaced by ours, which points at {@code /openapi.yaml}.
 */
public final class SwaggerUi {
    public static final String PREFIX = "/swagger/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String INITIALIZER = "swagger-initializer.js";
    private static final List<String> WEBJAR_FILES = List.of("index.html", "index.css", "swagger-ui.css",
            "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-16x16.png", "favicon-32x32.png",
            "oauth2-redirect.html", "oauth2-redirect.js");

    private SwaggerUi() {
    }

    /** The UI's files keyed by URL path, with our initializer read from {@code initializerResource}. */
    public static StaticFiles load(ClasspathFiles classpath, String initializerResource) {
        String folder = "META-INF/resources/webjars/swagger-ui/" + webjarVersion(classpath) + "/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : WEBJAR_FILES) {
            files.put(name, classpath.read(folder + name));
        }
        files.put(INITIALIZER, classpath.read(initializerResource));
        return StaticFiles.under(PREFIX, files);
    }

    private static String webjarVersion(ClasspathFiles classpath) {
        Properties pom = new Properties();
        try {
            pom.load(new StringReader(new String(classpath.read(WEBJAR_POM), StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = pom.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(WEBJAR_POM + " names no version");
        }
        return version;
    }
}
