package dev.signals.server.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One server-side script: its name (for metrics and logs), its source, and the SHA-1 Redis knows
 * it by. A script is loaded once per connection ({@code SCRIPT LOAD}) and then run with
 * {@code EVALSHA}; a Redis that lost its script cache gets the source again ({@link RedisLink}).
 * Scripts are kept as {@code .lua} resources beside this class; shared helper files are
 * prepended, since Redis scripts cannot import one another.
 */
public final class LuaScript {
    /** What a script announces with: {@code PUBLISH} to a node's channel on one Redis. */
    private static final String PLAIN = "local PUBLISH = 'PUBLISH'\n";
    /**
     * On a Cluster: a Redis 7 script with no flags ({@code #!lua}), so Redis refuses any access to
     * a key or shard channel outside the slot the script runs in, announcing with {@code SPUBLISH}
     * to the node's channel of that slot (docs/cluster.md "Redis Cluster"). Only for Clusters:
     * Redis 6.2 reads {@code #!} as a Lua syntax error.
     */
    private static final String SLOT_CHECKED = "#!lua\nlocal PUBLISH = 'SPUBLISH'\n";

    private final String name;
    private final String source;
    private final String sha;
    private final String checkedSha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(PLAIN + source);
        this.checkedSha = sha1(SLOT_CHECKED + source);
    }

    /** Loads {@code file} (with {@code helpers} before it) from this package's resources. */
    public static LuaScript load(String name, String file, String... helpers) {
        StringBuilder source = new StringBuilder();
        for (String helper : helpers) {
            source.append(resource(helper)).append('\n');
        }
        source.append(resource(file));
        return new LuaScript(name, source.toString());
    }

    public String name() {
        return name;
    }

    /** The source, declared as a Redis 7 script whose keys Redis checks are of one slot when {@code slotChecked}. */
    String source(boolean slotChecked) {
        return (slotChecked ? SLOT_CHECKED : PLAIN) + source;
    }

    /** The SHA-1 of {@link #source(boolean)}. */
    String sha(boolean slotChecked) {
        return slotChecked ? checkedSha : sha;
    }

    private static String resource(String file) {
        try (InputStream in = LuaScript.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read script resource " + file, e);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
