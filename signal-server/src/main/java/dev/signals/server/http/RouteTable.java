package dev.signals.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paths of the shared port (PROTOCOLS.md §1.10). Exact paths win over prefixes; among
 * prefixes the longest wins. Each dialect adds its own entries and knows nothing of the others.
 */
public final class RouteTable {
    private final Map<String, Route> exact = new LinkedHashMap<>();
    private final List<Map.Entry<String, Route>> prefixes = new ArrayList<>();

    public RouteTable exact(String path, Route route) {
        if (exact.putIfAbsent(path, route) != null) {
            throw new IllegalStateException("route registered twice: " + path);
        }
        return this;
    }

    public RouteTable prefix(String prefix, Route route) {
        prefixes.add(Map.entry(prefix, route));
        prefixes.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
        return this;
    }

    /** The route serving {@code rawPath}, or {@code null} for 404. */
    public Route find(String rawPath) {
        Route r = exact.get(rawPath);
        if (r != null) {
            return r;
        }
        for (Map.Entry<String, Route> p : prefixes) {
            if (rawPath.startsWith(p.getKey())) {
                return p.getValue();
            }
        }
        return null;
    }

    /** Every registered path, exact ones as they are and prefixes with a trailing {@code *}. */
    public List<String> paths() {
        List<String> out = new ArrayList<>(exact.keySet());
        prefixes.forEach(p -> out.add(p.getKey() + "*"));
        return out;
    }
}
