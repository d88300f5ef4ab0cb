package dev.signals.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a request's {@code Origin} may use the server (docs/security.md "Before any dialect sees the request"): no Origin
 * (native clients), same origin (Origin host:port equals Host), or a configured entry — exact
 * origin, {@code scheme://*.domain} (subdomains at any depth, not the domain itself) or {@code *}.
 * Origins and entries are parsed into scheme, host and port before they are compared, so a path,
 * query, fragment or user part can never make a foreign origin look like a listed one.
 */
public final class OriginPolicy {
    private final List<WebOrigin> exact = new ArrayList<>();
    private final List<WebOrigin> wildcards = new ArrayList<>(); // host is ".domain"
    private final boolean any;

    /** @throws IllegalArgumentException for an entry that is not {@code *} or an origin (see {@link #entry}) */
    public OriginPolicy(List<String> allowed) {
        boolean star = false;
        for (String text : allowed) {
            WebOrigin e = entry(text);
            if (e == null) {
                star = true;
            } else if (e.host().startsWith(".")) {
                wildcards.add(e);
            } else {
                exact.add(e);
            }
        }
        this.any = star;
    }

    /**
     * Parses one allow-list entry: {@code null} for {@code *}, else its origin, whose host starts
     * with {@code .} for a {@code scheme://*.domain} entry.
     */
    public static WebOrigin entry(String text) {
        String e = text.trim();
        if (e.equals("*")) {
            return null;
        }
        WebOrigin origin = WebOrigin.parse(e, true);
        if (origin == null) {
            throw new IllegalArgumentException("not an origin (scheme://host[:port], scheme://*.domain[:port] or *)");
        }
        return origin;
    }

    public boolean allowsAny() {
        return any;
    }

    /** True when a request with this Origin and Host headers is allowed. */
    public boolean allowed(String origin, String host) {
        if (origin == null) {
            return true;
        }
        return sameOrigin(origin, host) || listed(origin);
    }

    /** True for an Origin header that names a different site than Host (and so needs CORS headers). */
    public boolean foreign(String origin, String host) {
        return origin != null && !sameOrigin(origin, host);
    }

    private boolean listed(String originHeader) {
        if (any) {
            return true;
        }
        WebOrigin o = WebOrigin.parse(originHeader, false); // "null" and anything malformed parse to null
        if (o == null) {
            return false;
        }
        if (exact.contains(o)) {
            return true;
        }
        for (WebOrigin w : wildcards) {
            if (w.scheme().equals(o.scheme()) && w.port() == o.port() && o.host().endsWith(w.host())
                    && o.host().length() > w.host().length()) {
                return true;
            }
        }
        return false;
    }

    static boolean sameOrigin(String originHeader, String host) {
        WebOrigin o = host == null ? null : WebOrigin.parse(originHeader, false);
        return o != null && (o.host() + ":" + o.port()).equals(hostHeader(host, o.defaultPort()));
    }

    private static String hostHeader(String host, int defaultPort) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            return h;
        }
        return h + ":" + defaultPort;
    }

    /** An origin as a browser serialises it: scheme, lower-case host and port (the scheme's default when absent). */
    public record WebOrigin(String scheme, String host, int port) {
        // scheme://host[:port] and an optional trailing slash; nothing else (no path, query, fragment, user).
        private static final Pattern SHAPE = Pattern.compile(
                "([a-z][a-z0-9+.-]*)://(\\*\\.)?(\\[[0-9a-f:.]+]|[a-z0-9_-]+(?:\\.[a-z0-9_-]+)*)(?::([0-9]{1,5}))?/?");

        /**
         * The origin in {@code text}, or {@code null} when it is not one. With {@code wildcard},
         * {@code scheme://*.domain} is accepted too and its host is {@code .domain}.
         */
        static WebOrigin parse(String text, boolean wildcard) {
            Matcher m = SHAPE.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                return null;
            }
            boolean star = m.group(2) != null;
            if (star && (!wildcard || m.group(3).startsWith("["))) {
                return null;
            }
            String scheme = m.group(1);
            int port = m.group(4) == null ? defaultPort(scheme) : Integer.parseInt(m.group(4));
            return port > 65535 ? null : new WebOrigin(scheme, star ? "." + m.group(3) : m.group(3), port);
        }

        int defaultPort() {
            return defaultPort(scheme);
        }

        private static int defaultPort(String scheme) {
            return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        }
    }
}
