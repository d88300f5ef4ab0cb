package dev.signals.server.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the user-facing reference of every {@link Setting}: {@code config.example.toml} and the
 * settings table of {@code docs/configuration.md}. Both are derived from the one table, so a test
 * can tell when either has drifted from it.
 */
final class ConfigReference {
    static final String TABLE_BEGIN = "<!-- settings:begin (generated from Setting; see ConfigReferenceTest) -->";
    static final String TABLE_END = "<!-- settings:end -->";

    /** Settings that hold a comma list; TOML writes them as arrays. */
    private static final Set<Setting> LISTS = EnumSet.of(Setting.ALSO_LISTEN, Setting.DISABLE, Setting.ALLOWED_ORIGINS);

    private ConfigReference() {
    }

    static Map<String, List<Setting>> bySection() {
        Map<String, List<Setting>> out = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            out.computeIfAbsent(s.section(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    /** The setting's default as a TOML value. */
    static String tomlValue(Setting s) {
        String d = s.defaultValue();
        if (LISTS.contains(s)) {
            return d.isEmpty() ? "[]" : "[\"" + String.join("\", \"", Values.list(d)) + "\"]";
        }
        if (d.equals("true") || d.equals("false") || d.matches("\\d+")) {
            return d;
        }
        return "\"" + d.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String exampleToml() {
        StringBuilder out = new StringBuilder()
                .append("# signal: every setting with its built-in default (docs/configuration.md).\n")
                .append("#\n")
                .append("# The server reads the file named by --config, else ./config.toml when it exists.\n")
                .append("# Precedence: command-line flag > SIGNALS_<FLAG> environment variable > this file > default.\n")
                .append("# Unknown sections or keys stop the server with an error naming them.\n")
                .append("# Durations: 500ms, 5s, 2m. Sizes: 512, 64KiB, 1MiB. Every limit accepts 0 meaning off.\n")
                .append("# Copied as it is, this file changes nothing: each value below is the default.\n")
                .append("#\n")
                .append("# Generated from dev.signals.server.config.Setting; ConfigReferenceTest keeps it in step.\n");
        for (Map.Entry<String, List<Setting>> section : bySection().entrySet()) {
            out.append("\n[").append(section.getKey()).append("]\n");
            for (Setting s : section.getValue()) {
                out.append("# ").append(s.help()).append(" (--").append(s.flag()).append(", ").append(s.envName()).append(")\n")
                        .append(s.tomlKey()).append(" = ").append(tomlValue(s)).append('\n');
            }
        }
        return out.toString();
    }

    /** The Markdown table of docs/configuration.md, markers included. */
    static String markdownTable() {
        StringBuilder out = new StringBuilder(TABLE_BEGIN).append('\n')
                .append("| Flag | Environment | TOML | Default | Meaning |\n")
                .append("|---|---|---|---|---|\n");
        for (Setting s : Setting.values()) {
            out.append("| `--").append(s.flag()).append("` | `").append(s.envName()).append("` | `[")
                    .append(s.section()).append("] ").append(s.tomlKey()).append("` | ")
                    .append(s.defaultValue().isEmpty() ? "—" : "`" + s.defaultValue() + "`").append(" | ")
                    .append(s.help().replace("|", "\\|")).append(" |\n");
        }
        return out.append(TABLE_END).append('\n').toString();
    }
}
