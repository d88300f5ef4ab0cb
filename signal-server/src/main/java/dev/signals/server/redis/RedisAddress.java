package dev.signals.server.redis;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the backplane's Redis is (PROTOCOLS.md §6): {@code host:port}, or
 * {@code redis://[[user]:password@]host[:port][/db]}, or the same with {@code rediss://} for TLS.
 * Parsed once at configuration time, so a bad value is a startup error naming the flag.
 * {@link #toString()} never shows the password.
 */
public record RedisAddress(String host, int port, boolean tls, String username, String password, int database) {
    public static final int DEFAULT_PORT = 6379;

    /** Parses {@code text}; throws {@link IllegalArgumentException} with a short reason. */
    public static RedisAddress parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty Redis address");
        }
        if (!s.contains("://")) {
            return fromUri("redis://" + s, true);
        }
        return fromUri(s, false);
    }

    private static RedisAddress fromUri(String text, boolean plain) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a Redis address (use host:port or redis[s]://[:password@]host:port[/db])");
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("scheme must be redis:// or rediss://");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("missing host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535 || plain && uri.getPort() < 0) {
            throw new IllegalArgumentException(plain ? "host:port needs a port" : "port out of range");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("query and fragment are not supported");
        }
        return new RedisAddress(host, port, scheme.equals("rediss"), username(uri), password(uri), database(uri.getPath()));
    }

    private static String username(URI uri) {
        String info = uri.getUserInfo();
        if (info == null) {
            return null;
        }
        int colon = info.indexOf(':');
        String user = colon < 0 ? null : info.substring(0, colon);
        return user == null || user.isEmpty() ? null : user;
    }

    private static String password(URI uri) {
        String info = uri.getUserInfo();
        if (info == null) {
            return null;
        }
        int colon = info.indexOf(':');
        String pass = colon < 0 ? info : info.substring(colon + 1);
        return pass.isEmpty() ? null : pass;
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            int db = Integer.parseInt(path.substring(1));
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("database must be a number: /0, /1, ...");
    }

    /** The address as a URI with the password masked, for logs and {@code /debug/state}. */
    @Override
    public String toString() {
        String auth = password == null ? "" : (username == null ? "" : username) + ":***@";
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "rediss://" : "redis://") + auth + h + ":" + port + "/" + database;
    }
}
