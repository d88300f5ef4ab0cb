package dev.signals.server.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/** A fixed set of in-memory files keyed by the URL path each is served at. */
public final class StaticFiles {
    private final Map<String, StaticFile> byPath;

    private StaticFiles(Map<String, StaticFile> byPath) {
        this.byPath = Collections.unmodifiableMap(byPath);
    }

    /** Serves each of {@code files} (keyed by relative name) at {@code urlPrefix + name}. */
    public static StaticFiles under(String urlPrefix, Map<String, byte[]> files) {
        Map<String, StaticFile> out = new LinkedHashMap<>();
        files.forEach((name, bytes) -> out.put(urlPrefix + name, new StaticFile(bytes, ContentTypes.of(name))));
        return new StaticFiles(out);
    }

    public boolean contains(String path) {
        return byPath.containsKey(path);
    }

    public StaticFile get(String path) {
        StaticFile file = byPath.get(path);
        if (file == null) {
            throw new IllegalArgumentException("not a static file: " + path);
        }
        return file;
    }

    /** Serves the file at {@code path}; only called for paths {@link #contains} accepted. */
    public Publisher<Void> serve(String path, HttpServerResponse res) {
        return get(path).serve(res);
    }
}
