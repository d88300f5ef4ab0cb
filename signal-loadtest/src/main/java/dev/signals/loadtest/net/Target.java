package dev.signals.loadtest.net;

import java.net.URI;

/**
 * The server under load: scheme, host and port of {@code --target} (http, https, ws or wss),
 * plus the path given in it, if any.
 */
public record Target(boolean secure, String host, int port, String path) {

    public static Target parse(String url) {
        URI u = URI.create(url.contains("://") ? url : "http://" + url);
        String scheme = u.getScheme() == null ? "http" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        if (!secure && !scheme.equals("http") && !scheme.equals("ws")) {
            throw new IllegalArgumentException("target must be http://, https://, ws:// or wss://: " + url);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("target has no host: " + url);
        }
        int port = u.getPort() > 0 ? u.getPort() : secure ? 443 : 80;
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/") ? "" : u.getRawPath();
        return new Target(secure, u.getHost(), port, path);
    }

    /** {@code ws://host:port} + path. */
    public String wsUrl(String pathAndQuery) {
        return (secure ? "wss://" : "ws://") + authority() + pathAndQuery;
    }

    /** {@code http://host:port} + path. */
    public String httpUrl(String pathAndQuery) {
        return (secure ? "https://" : "http://") + authority() + pathAndQuery;
    }

    /** The path given in the target URL, or {@code fallback} when it had none. */
    public String pathOr(String fallback) {
        return path.isEmpty() ? fallback : path;
    }

    private String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
