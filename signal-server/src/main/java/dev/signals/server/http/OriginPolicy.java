package dev.signals.server.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a request's {@code Origin} may use the server (PROTOCOLS.md §1.3): no Origin
 * (native clients), same origin (Origin host:port equals Host), or a configured entry — exact
 * origin, {@code scheme://*.domain} (subdomains at any depth, not the domain itself) or {@code *}.
 */
public final class OriginPolicy {
    private final List<String> exact = new ArrayList<>();
    private final List<String[]> wildcards = new ArrayList<>(); // {scheme, ".domain[:port]"}
    private final boolean any;

    public OriginPolicy(List<String> allowed) {
        boolean star = false;
        for (String entry : allowed) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.equals("*")) {
                star = true;
            } else if (e.contains("://*.")) {
                int at = e.indexOf("://*.");
                wildcards.add(new String[] {e.substring(0, at), e.substring(at + 4)});
            } else {
                exact.add(stripSlash(e));
            }
        }
        this.any = star;
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

    private boolean listed(String origin) {
        String o = stripSlash(origin.trim().toLowerCase(Locale.ROOT));
        if (o.equals("null")) {
            return any;
        }
        if (any || exact.contains(o)) {
            return true;
        }
        int sep = o.indexOf("://");
        if (sep < 0) {
            return false;
        }
        String scheme = o.substring(0, sep);
        String rest = o.substring(sep + 3);
        for (String[] w : wildcards) {
            if (w[0].equals(scheme) && rest.endsWith(w[1]) && rest.length() > w[1].length()) {
                return true;
            }
        }
        return false;
    }

    static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = new URI(origin.trim());
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
            return hostPort(uri.getHost(), port).equals(hostHeader(host, defaultPort(uri.getScheme())));
        } catch (Exception e) {
            return false;
        }
    }

    private static String hostHeader(String host, int defaultPort) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            return h;
        }
        return h + ":" + defaultPort;
    }

    private static String hostPort(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static int defaultPort(String scheme) {
        String s = scheme.toLowerCase(Locale.ROOT);
        return s.equals("https") || s.equals("wss") ? 443 : 80;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
