package dev.signals.server.redis;

/** Builds a script's ARGV: the arguments every call of it passes first, then the call's own. */
final class ScriptArgs {
    private ScriptArgs() {
    }

    static String[] leading(String[] leading, String[] rest) {
        String[] all = new String[leading.length + rest.length];
        System.arraycopy(leading, 0, all, 0, leading.length);
        System.arraycopy(rest, 0, all, leading.length, rest.length);
        return all;
    }
}
