package dev.signals.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates the {@code [turn]} settings (docs/turn.md). Unlike other settings, a secret
 * is never quoted back in an error: a message names the flag, variable or file and says what is
 * wrong, nothing more.
 */
final class TurnSettings {
    static final Duration MIN_TTL = Duration.ofSeconds(10);
    static final Duration MAX_TTL = Duration.ofHours(24);
    /** RFC 7064/7065: scheme, host (a name, IPv4 or [IPv6]), optional port and transport. */
    private static final Pattern URL = Pattern.compile(
            "(turns?|stuns?):(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:\\d{1,5})?(\\?transport=(udp|tcp))?");

    private final Map<Setting, ConfigLoader.Source> values;
    private final Path workingDir;

    TurnSettings(Map<Setting, ConfigLoader.Source> values, Path workingDir) {
        this.values = values;
        this.workingDir = workingDir;
    }

    SignalConfig.Turn read() throws ConfigException {
        List<String> urls = urls();
        List<String> secrets = secrets();
        Duration ttl = ttl();
        boolean relays = urls.stream().anyMatch(u -> u.startsWith("turn"));
        if (relays && secrets.isEmpty()) {
            throw new ConfigException(origin(Setting.TURN_URLS) + " lists turn: URLs but neither --turn-secret nor "
                    + "--turn-secret-file is set");
        }
        if (urls.isEmpty() && !secrets.isEmpty()) {
            Setting given = value(Setting.TURN_SECRET).isBlank() ? Setting.TURN_SECRET_FILE : Setting.TURN_SECRET;
            throw new ConfigException(origin(given) + " is set but --turn-urls is empty: no credential would be handed out");
        }
        return new SignalConfig.Turn(urls, secrets, ttl);
    }

    private List<String> urls() throws ConfigException {
        List<String> urls = Values.list(value(Setting.TURN_URLS));
        for (String url : urls) {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                throw new ConfigException("invalid value for " + origin(Setting.TURN_URLS) + ": '" + url
                        + "': must be turn:HOST[:PORT][?transport=udp|tcp], turns:…, or stun:HOST[:PORT]");
            }
            if (m.group(3) != null && !validPort(m.group(3).substring(1))) {
                throw new ConfigException("invalid value for " + origin(Setting.TURN_URLS) + ": '" + url + "': port must be 1-65535");
            }
        }
        return urls;
    }

    private static boolean validPort(String digits) {
        int port = Integer.parseInt(digits);
        return port >= 1 && port <= 65535;
    }

    private List<String> secrets() throws ConfigException {
        String inline = value(Setting.TURN_SECRET);
        String file = value(Setting.TURN_SECRET_FILE).trim();
        if (!inline.isEmpty() && !file.isEmpty()) {
            throw new ConfigException("set " + origin(Setting.TURN_SECRET) + " or " + origin(Setting.TURN_SECRET_FILE)
                    + ", not both");
        }
        if (!file.isEmpty()) {
            return fromFile(workingDir.resolve(file));
        }
        List<String> secrets = Values.list(inline);
        if (!inline.isBlank() && secrets.size() != inline.split(",", -1).length) {
            throw new ConfigException("invalid value for " + origin(Setting.TURN_SECRET) + ": a secret in the list is empty");
        }
        return secrets;
    }

    private List<String> fromFile(Path path) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // The exception's own message could only name the path; say which setting pointed there.
            throw new ConfigException("invalid value for " + origin(Setting.TURN_SECRET_FILE) + ": cannot read " + path);
        }
        List<String> secrets = new ArrayList<>();
        for (String line : lines) {
            String secret = line.trim();
            if (!secret.isEmpty() && !secret.startsWith("#")) {
                secrets.add(secret);
            }
        }
        if (secrets.isEmpty()) {
            throw new ConfigException("invalid value for " + origin(Setting.TURN_SECRET_FILE) + ": " + path + " holds no secret");
        }
        return List.copyOf(secrets);
    }

    private Duration ttl() throws ConfigException {
        String text = value(Setting.TURN_TTL);
        Duration ttl;
        try {
            ttl = Values.duration(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value for " + origin(Setting.TURN_TTL) + ": '" + text + "': " + e.getMessage());
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new ConfigException("invalid value for " + origin(Setting.TURN_TTL) + ": '" + text + "': must be 10s to 24h");
        }
        return ttl.withNanos(0);
    }

    private String value(Setting s) {
        return values.get(s).value();
    }

    private String origin(Setting s) {
        return values.get(s).origin();
    }
}
