package dev.signals.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The paths of the shared port (docs/security.md "Router refusals"). Exact paths win over prefixes; among
 * prefixes the longest wins. Each dialect adds its own entries and knows nothing of the others.
 */
public final class RouteTable {
    private final Map<String, Route> exact = new LinkedHashMap<>();
    private final List<Prefix> prefixes = new ArrayList<>();

    public RouteTable exact(String path, Route route) {
        if (exact.putIfAbsent(path, route) != null) {
            throw new IllegalStateException("route registered twice: " + path);
        }
        return this;
    }

    public RouteTable prefix(String prefix, Route route) {
        return prefix(prefix, path -> true, route);
    }

    /**
     * A prefix route that owns only the raw paths passing {@code shape}; others fall through to
     * shorter prefixes and then 404, before the method is looked at (docs/security.md "Router refusals").
     */
    public RouteTable prefix(String prefix, Predicate<String> shape, Route route) {
        prefixes.add(new Prefix(prefix, shape, route));
        prefixes.sort((a, b) -> Integer.compare(b.prefix().length(), a.prefix().length()));
        return this;
    }

    /** The route serving {@code rawPath}, or {@code null} for 404. */
    public Route find(String rawPath) {
        Route r = exact.get(rawPath);
        if (r != null) {
            return r;
        }
        for (Prefix p : prefixes) {
            if (rawPath.startsWith(p.prefix()) && p.shape().test(rawPath)) {
                return p.route();
            }
        }
        return null;
    }

    /** Every registered path, exact ones as they are and prefixes with a trailing {@code *}. */
    public List<String> paths() {
        List<String> out = new ArrayList<>(exact.keySet());
        prefixes.forEach(p -> out.add(p.prefix() + "*"));
        return out;
    }

    private record Prefix(String prefix, Predicate<String> shape, Route route) {
    }
}
