package dev.signals.server.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the backplane's Redis is (docs/cluster.md): {@code host:port}, or
 * {@code redis://[[user]:password@]host[:port][/db]} ({@code rediss://} for TLS), or a primary
 * found through Sentinels: {@code redis-sentinel://[[user]:password@]host1[:port1][,host2...]/<master-name>[/db]}
 * ({@code rediss-sentinel://} for TLS), or the seed nodes of a Redis Cluster:
 * {@code redis-cluster://[[user]:password@]host1[:port1][,host2...]} ({@code rediss-cluster://}
 * for TLS). Parsed once
 * at configuration time, so a bad value is a startup error naming the flag. {@link #toString()}
 * never shows the password.
 */
public record RedisAddress(Topology topology, List<Endpoint> endpoints, boolean tls, String username, String password,
                           int database, String masterName) {
    public static final int DEFAULT_PORT = 6379;
    public static final int DEFAULT_SENTINEL_PORT = 26379;

    /** How the Redis behind the address is deployed. */
    public enum Topology { SINGLE, SENTINEL, CLUSTER }

    /** One host and port: the Redis itself, one of the Sentinels watching it, or a seed node of a Cluster. */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public RedisAddress {
        endpoints = List.copyOf(endpoints);
    }

    /** A single Redis at {@code host:port}. */
    public RedisAddress(String host, int port, boolean tls, String username, String password, int database) {
        this(Topology.SINGLE, List.of(new Endpoint(host, port)), tls, username, password, database, null);
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} with a short reason. */
    public static RedisAddress parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty Redis address");
        }
        if (!s.contains("://")) {
            return fromUri("redis://" + s, true);
        }
        String scheme = s.substring(0, s.indexOf("://")).toLowerCase(Locale.ROOT);
        if (scheme.equals("redis-cluster") || scheme.equals("rediss-cluster")) {
            return cluster(s.substring(scheme.length() + 3), scheme.startsWith("rediss"));
        }
        if (scheme.equals("redis-sentinel") || scheme.equals("rediss-sentinel")) {
            return sentinel(s.substring(scheme.length() + 3), scheme.startsWith("rediss"));
        }
        return fromUri(s, false);
    }

    private static RedisAddress fromUri(String text, boolean plain) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a Redis address (use host:port, redis[s]://[:password@]host:port[/db],"
                    + " redis[s]-sentinel://[:password@]host:port,.../master-name or redis[s]-cluster://host:port,...)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("scheme must be redis://, rediss://, redis-sentinel://, rediss-sentinel://,"
                    + " redis-cluster:// or rediss-cluster://");
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
        String[] auth = credentials(uri.getRawUserInfo());
        return new RedisAddress(host, port, scheme.equals("rediss"), auth[0], auth[1], database(uri.getPath()));
    }

    /** {@code [[user]:password@]host[:port][,host[:port]...]/master-name[/db]}, after the scheme. */
    private static RedisAddress sentinel(String rest, boolean tls) {
        if (rest.contains("?") || rest.contains("#")) {
            throw new IllegalArgumentException("query and fragment are not supported");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        String[] auth = credentials(at < 0 ? null : authority.substring(0, at));
        List<Endpoint> sentinels = new ArrayList<>();
        for (String hostPort : authority.substring(at + 1).split(",", -1)) {
            sentinels.add(endpoint(hostPort, DEFAULT_SENTINEL_PORT));
        }
        String[] segments = path.split("/", -1);
        String master = decode(segments[0]);
        if (master.isEmpty() || segments.length > 2) {
            throw new IllegalArgumentException("a Sentinel address ends in /<master-name> or /<master-name>/<db>");
        }
        int db = segments.length == 2 ? database("/" + segments[1]) : 0;
        return new RedisAddress(Topology.SENTINEL, sentinels, tls, auth[0], auth[1], db, master);
    }

    /** {@code [[user]:password@]host[:port][,host[:port]...][/]}, after the scheme: a Cluster has only database 0. */
    private static RedisAddress cluster(String rest, boolean tls) {
        if (rest.contains("?") || rest.contains("#")) {
            throw new IllegalArgumentException("query and fragment are not supported");
        }
        String authority = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        if (authority.contains("/")) {
            throw new IllegalArgumentException("a Cluster address has no database or path: redis-cluster://host1:port1,host2:port2,...");
        }
        int at = authority.lastIndexOf('@');
        String[] auth = credentials(at < 0 ? null : authority.substring(0, at));
        List<Endpoint> seeds = new ArrayList<>();
        for (String hostPort : authority.substring(at + 1).split(",", -1)) {
            seeds.add(endpoint(hostPort, DEFAULT_PORT));
        }
        return new RedisAddress(Topology.CLUSTER, seeds, tls, auth[0], auth[1], 0, null);
    }

    private static Endpoint endpoint(String hostPort, int defaultPort) {
        URI uri;
        try {
            uri = new URI("redis://" + hostPort);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a host[:port]: " + hostPort);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("not a host[:port]: " + hostPort);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        return new Endpoint(host, port);
    }

    /** {@code {user or null, password or null}} from the raw (percent-encoded) user info. */
    private static String[] credentials(String rawInfo) {
        if (rawInfo == null) {
            return new String[2];
        }
        int colon = rawInfo.indexOf(':');
        String user = colon < 0 ? "" : decode(rawInfo.substring(0, colon));
        String pass = decode(colon < 0 ? rawInfo : rawInfo.substring(colon + 1));
        return new String[] {user.isEmpty() ? null : user, pass.isEmpty() ? null : pass};
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad percent-encoding");
        }
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

    /** The first endpoint's host: the Redis itself for a single Redis. */
    public String host() {
        return endpoints.get(0).host();
    }

    /** The first endpoint's port. */
    public int port() {
        return endpoints.get(0).port();
    }

    /** The address as a URI with the password masked, for logs and {@code /debug/state}. */
    @Override
    public String toString() {
        String auth = password == null ? "" : (username == null ? "" : username) + ":***@";
        String hosts = endpoints.stream().map(Endpoint::toString).collect(Collectors.joining(","));
        if (topology == Topology.SENTINEL) {
            return (tls ? "rediss-sentinel://" : "redis-sentinel://") + auth + hosts + "/" + masterName
                    + (database == 0 ? "" : "/" + database);
        }
        if (topology == Topology.CLUSTER) {
            return (tls ? "rediss-cluster://" : "redis-cluster://") + auth + hosts;
        }
        return (tls ? "rediss://" : "redis://") + auth + hosts + "/" + database;
    }
}
