package dev.signals.server.auth;

import java.util.Map;

/**
 * What a token lets its bearer address (SECURITY.md "Per dialect, without and with authentication"): per kind ({@code room}, {@code call},
 * {@code domain}, {@code key}) one exact name or {@code *}. A kind the token does not mention is
 * not granted; with auth off every kind is granted.
 */
public final class Grants {
    public static final String ROOM = "room";
    public static final String CALL = "call";
    public static final String DOMAIN = "domain";
    public static final String KEY = "key";
    public static final java.util.List<String> KINDS = java.util.List.of(ROOM, CALL, DOMAIN, KEY);

    private static final Grants EVERYTHING = new Grants(Map.of(ROOM, "*", CALL, "*", DOMAIN, "*", KEY, "*"));

    private final Map<String, String> byKind;

    public Grants(Map<String, String> byKind) {
        this.byKind = Map.copyOf(byKind);
    }

    public static Grants everything() {
        return EVERYTHING;
    }

    /** True when the grant for {@code kind} is {@code *}: every name of that kind. */
    public boolean allowsEvery(String kind) {
        return "*".equals(byKind.get(kind));
    }

    /** True when the grant for {@code kind} is {@code *} or exactly {@code name}. */
    public boolean allows(String kind, String name) {
        String granted = byKind.get(kind);
        return granted != null && (granted.equals("*") || granted.equals(name));
    }
}
