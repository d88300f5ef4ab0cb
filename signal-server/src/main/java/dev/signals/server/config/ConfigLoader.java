package dev.signals.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Builds a {@link SignalConfig} from flags, {@code SIGNALS_*} environment variables, a TOML file
 * and built-in defaults, in that order of precedence (docs/configuration.md), and validates it once.
 */
public final class ConfigLoader {
    public static final Set<String> DIALECTS = Set.of("mailbox", "domain", "room", "call");

    private final Map<String, String> env;
    private final Path workingDir;

    public ConfigLoader(Map<String, String> env, Path workingDir) {
        this.env = env;
        this.workingDir = workingDir;
    }

    /** What the command line asked for: a configuration to run, or help text to print. */
    public record Outcome(SignalConfig config, String helpText) {
    }

    public Outcome load(String... args) throws ConfigException {
        CommandSpec spec = commandSpec();
        ParseResult parsed;
        try {
            parsed = new CommandLine(spec).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new ConfigException(oneLine(e.getMessage()));
        }
        if (parsed.isUsageHelpRequested()) {
            StringWriter out = new StringWriter();
            new CommandLine(spec).usage(new PrintWriter(out));
            return new Outcome(null, out.toString());
        }
        Path configFile = configFile(parsed);
        Map<Setting, Source> toml = configFile == null ? Map.of() : readToml(configFile);
        Map<Setting, Source> resolved = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            resolved.put(s, resolve(s, parsed, toml));
        }
        return new Outcome(build(resolved, parsed), null);
    }

    /** Where a value came from, so an error can name the flag, variable or TOML key. */
    record Source(String value, String origin) {
    }

    private Source resolve(Setting s, ParseResult parsed, Map<Setting, Source> toml) {
        if (parsed.hasMatchedOption("--" + s.flag())) {
            return new Source(parsed.matchedOptionValue("--" + s.flag(), ""), "--" + s.flag());
        }
        String fromEnv = env.get(s.envName());
        if (fromEnv != null) {
            return new Source(fromEnv, s.envName());
        }
        Source fromToml = toml.get(s);
        return fromToml != null ? fromToml : new Source(s.defaultValue(), "default of --" + s.flag());
    }

    private Path configFile(ParseResult parsed) throws ConfigException {
        if (parsed.hasMatchedOption("--config")) {
            Path p = workingDir.resolve(parsed.<String>matchedOptionValue("--config", ""));
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("--config: cannot read " + p);
            }
            return p;
        }
        Path fallback = workingDir.resolve("config.toml");
        return Files.isRegularFile(fallback) ? fallback : null;
    }

    private static Map<Setting, Source> readToml(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            String where = at != null && at.getLineNr() > 0 ? " (near line " + at.getLineNr() + ")" : "";
            throw new ConfigException(file + ": not valid TOML" + where + ": " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            // Not a syntax problem: say so, rather than blame the file's contents.
            throw new ConfigException(file + ": cannot read: " + e);
        }
        Map<Setting, Source> out = new EnumMap<>(Setting.class);
        for (Iterator<Map.Entry<String, JsonNode>> sections = root.fields(); sections.hasNext(); ) {
            Map.Entry<String, JsonNode> section = sections.next();
            if (!section.getValue().isObject()) {
                throw new ConfigException(file + ": unknown key " + section.getKey());
            }
            for (Iterator<Map.Entry<String, JsonNode>> keys = section.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> key = keys.next();
                Setting s = find(section.getKey(), key.getKey());
                if (s == null) {
                    throw new ConfigException(file + ": unknown key [" + section.getKey() + "] " + key.getKey());
                }
                out.put(s, new Source(tomlText(key.getValue()), "[" + s.section() + "] " + s.tomlKey() + " in " + file));
            }
        }
        return out;
    }

    private static Setting find(String section, String key) {
        for (Setting s : Setting.values()) {
            if (s.section().equals(section) && s.tomlKey().equals(key)) {
                return s;
            }
        }
        return null;
    }

    private static String tomlText(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return value.asText();
    }

    private SignalConfig build(Map<Setting, Source> v, ParseResult parsed) throws ConfigException {
        Parser p = new Parser(v);
        InetSocketAddress main = p.get(Setting.ADDR, Values::hostPort);
        if (!parsed.hasMatchedOption("--addr") && parsed.hasMatchedOption("-it")) {
            main = legacy("-it", parsed.matchedOptionValue("-it", ""), Values::hostPort);
        }
        if (parsed.hasMatchedOption("-addr")) {
            String host = parsed.matchedOptionValue("-addr", "");
            main = InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, main.getPort());
        }
        if (parsed.hasMatchedOption("-port")) {
            int port = legacy("-port", parsed.matchedOptionValue("-port", ""), Values::port);
            main = InetSocketAddress.createUnresolved(main.getHostString(), port);
        }
        List<InetSocketAddress> also = new ArrayList<>();
        for (String a : p.get(Setting.ALSO_LISTEN, Values::list)) {
            also.add(p.parse(Setting.ALSO_LISTEN, a, Values::hostPort));
        }
        String adminText = v.get(Setting.HEALTHZ_ADDR).value().trim();
        InetSocketAddress admin = adminText.equalsIgnoreCase("off") ? null : p.get(Setting.HEALTHZ_ADDR, Values::hostPort);

        Set<String> disabled = new LinkedHashSet<>(p.get(Setting.DISABLE, Values::list));
        for (String d : disabled) {
            if (!DIALECTS.contains(d)) {
                throw new ConfigException("invalid value for " + v.get(Setting.DISABLE).origin() + ": unknown dialect '" + d + "'");
            }
        }
        List<String> origins = new ArrayList<>(p.get(Setting.ALLOWED_ORIGINS, Values::list));
        for (String allowed : origins) {
            p.parse(Setting.ALLOWED_ORIGINS, allowed, dev.signals.server.http.OriginPolicy::entry);
        }
        String origin = v.get(Setting.ORIGIN).value().trim();
        if (!origin.isEmpty()) {
            p.parse(Setting.ORIGIN, origin, dev.signals.server.http.OriginPolicy::entry);
            origins.add(origin);
        }
        List<String> proxies = p.get(Setting.TRUSTED_PROXIES, Values::list);
        for (String proxy : proxies) {
            p.parse(Setting.TRUSTED_PROXIES, proxy, dev.signals.server.http.ClientAddress::subnet);
        }
        String nodeId = v.get(Setting.NODE_ID).value().trim();
        String redisAddr = v.get(Setting.REDIS_ADDR).value().trim();
        if (!redisAddr.isEmpty()) {
            dev.signals.server.redis.RedisAddress address = p.get(Setting.REDIS_ADDR, dev.signals.server.redis.RedisAddress::parse);
            requireNoSessionsOnCluster(address, v, p.get(Setting.RESUME_WINDOW, Values::duration));
        }
        String secret = v.get(Setting.AUTH_SECRET).value();
        String jwks = v.get(Setting.AUTH_JWKS).value().trim();
        String logDir = v.get(Setting.LOG_DIR).value().trim();
        String logFormat = p.get(Setting.LOG_FORMAT, s -> oneOf(s, "text", "json"));
        String logLevel = p.get(Setting.LOG_LEVEL, s -> oneOf(s, "trace", "debug", "info", "warn", "error"));
        long mailboxBytes = p.get(Setting.MAILBOX_MAX_BYTES, Values::size);

        return new SignalConfig(
                nodeId.isEmpty() ? null : nodeId,
                new SignalConfig.Listen(main, List.copyOf(also), admin),
                p.get(Setting.TRANSPORT, dev.signals.server.net.Transport::parse),
                Set.copyOf(disabled),
                p.get(Setting.SHUTDOWN_TIMEOUT, Values::duration),
                List.copyOf(origins),
                List.copyOf(proxies),
                new SignalConfig.WebSocket(
                        p.get(Setting.WS_HANDSHAKE_TIMEOUT, Values::duration),
                        p.get(Setting.WS_PING_INTERVAL, Values::duration),
                        p.get(Setting.WS_READ_TIMEOUT, Values::duration),
                        p.get(Setting.WS_SEND_QUEUE, Values::nonNegativeInt),
                        p.get(Setting.WS_SEND_QUEUE_BYTES, Values::size),
                        p.get(Setting.WS_SEND_BUDGET, ConfigLoader::sendBudget),
                        p.get(Setting.WS_READ_RATE, Values::size),
                        p.get(Setting.WS_READ_BURST, Values::size)),
                new SignalConfig.Limits(
                        p.get(Setting.MAX_MESSAGE_BYTES, Values::size),
                        p.get(Setting.RATE_LIMIT, Values::nonNegativeNumber),
                        p.get(Setting.RATE_BURST, Values::nonNegativeNumber),
                        p.get(Setting.HTTP_RATE_LIMIT, Values::nonNegativeNumber),
                        p.get(Setting.HTTP_RATE_BURST, Values::nonNegativeNumber),
                        p.get(Setting.CONN_RATE_LIMIT, Values::nonNegativeNumber),
                        p.get(Setting.CONN_RATE_BURST, Values::nonNegativeNumber),
                        p.get(Setting.MAX_CONNECTIONS, Values::nonNegativeInt),
                        p.get(Setting.MAX_CONNECTIONS_PER_IP, Values::nonNegativeInt),
                        p.get(Setting.MAX_TCP_CONNECTIONS, FileLimit::connectionCap)),
                new SignalConfig.Resume(
                        p.get(Setting.RESUME_WINDOW, Values::duration),
                        p.get(Setting.RESUME_BUFFER, ConfigLoader::positiveInt),
                        p.get(Setting.RESUME_BUFFER_BYTES, ConfigLoader::positiveSize)),
                new SignalConfig.Room(
                        p.get(Setting.ROOM_MAX_CLIENTS, Values::nonNegativeInt),
                        p.get(Setting.ROOM_PING_INTERVAL, Values::duration),
                        p.get(Setting.ROOM_CHANGE_LIMIT, Values::nonNegativeInt),
                        p.get(Setting.ROOM_CHANGE_WINDOW, ConfigLoader::positiveDuration)),
                new SignalConfig.Call(
                        p.get(Setting.SEAT_COUNT, Values::nonNegativeInt),
                        p.get(Setting.SEAT_TIMEOUT, Values::duration),
                        p.get(Setting.WS_JOIN_TIMEOUT, Values::duration),
                        p.get(Setting.CALL_LEAVE_EVENTS, Values::bool),
                        p.get(Setting.MAX_SIGNAL_BYTES, Values::size)),
                new SignalConfig.Mailbox(
                        mailboxBytes,
                        p.get(Setting.MAILBOX_MAX_CANDIDATES, Values::nonNegativeInt),
                        p.get(Setting.MAILBOX_MAX_LIFETIME, Values::duration),
                        p.get(Setting.MAX_KEY_BYTES, Values::size),
                        p.get(Setting.MAILBOX_IP_SHARE, share -> Values.shareOf(share, mailboxBytes))),
                new SignalConfig.Redis(
                        redisAddr.isEmpty() ? null : redisAddr,
                        v.get(Setting.REDIS_PREFIX).value(),
                        p.get(Setting.NODE_LEASE, ConfigLoader::nodeLease),
                        p.get(Setting.BACKPLANE_WAIT, Values::duration)),
                new SignalConfig.Auth(secret.isEmpty() ? null : secret, jwks.isEmpty() ? null : workingDir.resolve(jwks),
                        p.get(Setting.AUTH_CLOCK_SKEW, ConfigLoader::wholeSeconds),
                        p.get(Setting.AUTH_MAX_LIFETIME, Values::duration),
                        optional(v.get(Setting.AUTH_AUDIENCE).value()), optional(v.get(Setting.AUTH_ISSUER).value())),
                new TurnSettings(v, workingDir).read(),
                new SignalConfig.Log(logDir.isEmpty() ? null : workingDir.resolve(logDir),
                        p.get(Setting.LOG_FILE, ConfigLoader::nonEmpty), logFormat, logLevel));
    }

    /**
     * Resumable sessions do not run on a Redis Cluster yet (docs/cluster.md#redis-cluster, "Still to
     * do"): a node given a Cluster starts only with them off, rather than half working.
     */
    private static void requireNoSessionsOnCluster(dev.signals.server.redis.RedisAddress address, Map<Setting, Source> v,
                                                   java.time.Duration window) throws ConfigException {
        if (address.topology() == dev.signals.server.redis.RedisAddress.Topology.CLUSTER && !window.isZero()) {
            throw new ConfigException(v.get(Setting.REDIS_ADDR).origin() + " names a Redis Cluster, where resumable sessions"
                    + " are not supported yet (docs/cluster.md#redis-cluster); turn them off with --resume-window 0"
                    + " (SIGNALS_RESUME_WINDOW, [resume] window), or use one Redis or a primary under Sentinel"
                    + " (redis-sentinel://host:port,.../master-name) to keep them");
        }
    }

    /**
     * {@code auto} is half the direct memory this JVM may use (what Netty allocates frames from),
     * so queued frames can never take all of it (SECURITY.md "Memory budget").
     */
    private static long sendBudget(String text) {
        if (text.trim().equalsIgnoreCase("auto")) {
            return io.netty.util.internal.PlatformDependent.maxDirectMemory() / 2;
        }
        return Values.size(text);
    }

    /** A resumable session's log must hold at least one message (docs/resume.md). */
    private static int positiveInt(String text) {
        int n = Values.nonNegativeInt(text);
        if (n == 0) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return n;
    }

    private static long positiveSize(String text) {
        long n = Values.size(text);
        if (n <= 0) {
            throw new IllegalArgumentException("must be at least 1 byte");
        }
        return n;
    }

    private static String nonEmpty(String value) {
        String s = value.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return s;
    }

    private static String optional(String value) {
        String s = value.trim();
        return s.isEmpty() ? null : s;
    }

    /** The JWT library counts clock skew in whole seconds. */
    private static java.time.Duration wholeSeconds(String text) {
        java.time.Duration d = Values.duration(text);
        if (d.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("must be whole seconds");
        }
        return d;
    }

    private static java.time.Duration positiveDuration(String text) {
        java.time.Duration d = Values.duration(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be longer than 0");
        }
        return d;
    }

    /** A lease renewed every third of itself needs room for a Redis round trip (docs/cluster.md). */
    private static java.time.Duration nodeLease(String text) {
        java.time.Duration lease = Values.duration(text);
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("must be at least 300ms");
        }
        return lease;
    }

    private static String oneOf(String value, String... allowed) {
        String s = value.trim().toLowerCase(java.util.Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(s)) {
                return s;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
    }

    private static <T> T legacy(String flag, String value, java.util.function.Function<String, T> parse) throws ConfigException {
        try {
            return parse.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigException("invalid value for " + flag + ": '" + value + "': " + e.getMessage());
        }
    }

    /** Applies a value parser and turns its failure into a message naming where the value came from. */
    private static final class Parser {
        private final Map<Setting, Source> values;

        Parser(Map<Setting, Source> values) {
            this.values = values;
        }

        <T> T get(Setting s, java.util.function.Function<String, T> parse) throws ConfigException {
            return parse(s, values.get(s).value(), parse);
        }

        <T> T parse(Setting s, String value, java.util.function.Function<String, T> parse) throws ConfigException {
            try {
                return parse.apply(value);
            } catch (RuntimeException e) {
                throw new ConfigException("invalid value for " + values.get(s).origin() + ": '" + value + "': " + e.getMessage());
            }
        }
    }

    private static CommandSpec commandSpec() {
        CommandSpec spec = CommandSpec.create().name("signal-server");
        spec.usageMessage().width(140).description("WebRTC signaling server: mailbox, domain, room and call dialects on one port.",
                "Precedence: flag > SIGNALS_<FLAG> environment variable > TOML file > default.");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help and exit").build());
        spec.addOption(OptionSpec.builder("--config").paramLabel("FILE").type(String.class)
                .description("TOML file (default: ./config.toml when it exists)").build());
        for (Setting s : Setting.values()) {
            OptionSpec.Builder option = OptionSpec.builder("--" + s.flag()).type(String.class)
                    .paramLabel(label(s))
                    // picocli formats descriptions with String.format: a literal % must be doubled.
                    .description((s.help() + " (default: " + (s.defaultValue().isEmpty() ? "none" : s.defaultValue())
                            + "; env " + s.envName() + "; toml [" + s.section() + "] " + s.tomlKey() + ")").replace("%", "%%"));
            if (s == Setting.CALL_LEAVE_EVENTS) {
                option.arity("0..1").fallbackValue("true");
            }
            spec.addOption(option.build());
        }
        spec.addOption(OptionSpec.builder("-it").paramLabel("HOST:PORT").type(String.class)
                .description("legacy (mailbox seed): same as --addr").build());
        spec.addOption(OptionSpec.builder("-addr").paramLabel("HOST").type(String.class)
                .description("legacy (room seed): host of the main listener only").build());
        spec.addOption(OptionSpec.builder("-port").paramLabel("PORT").type(String.class)
                .description("legacy (room seed): port of the main listener only").build());
        return spec;
    }

    private static String label(Setting s) {
        String d = s.defaultValue();
        if (s == Setting.CALL_LEAVE_EVENTS) {
            return "BOOL";
        }
        if (d.matches("\\d+(ms|s|m|h)")) {
            return "DURATION";
        }
        if (d.matches("\\d+(KiB|MiB|GiB)")) {
            return "SIZE";
        }
        if (d.matches("\\d+")) {
            return "N";
        }
        return "VALUE";
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "invalid arguments";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
