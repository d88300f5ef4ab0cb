package dev.signals.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code config.example.toml} and the table in {@code docs/configuration.md} list every
 * {@link Setting} with its default, and the example parses to exactly the default configuration.
 * Run with {@code -Dsignal.writeConfigReference=true} to rewrite both after changing a setting.
 */
class ConfigReferenceTest {
    private static final boolean WRITE = Boolean.getBoolean("signal.writeConfigReference");

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "repository root (with mvnw) not found above " + Path.of("").toAbsolutePath());
        return dir;
    }

    @Test
    void exampleFileIsGeneratedFromSettings() throws Exception {
        Path example = repoRoot().resolve("config.example.toml");
        if (WRITE) {
            Files.writeString(example, ConfigReference.exampleToml());
        }
        assertEquals(ConfigReference.exampleToml(), Files.readString(example),
                "config.example.toml is out of date; rerun this test with -Dsignal.writeConfigReference=true");
    }

    @Test
    void exampleFileListsEverySettingAndParsesToTheDefaults() throws Exception {
        Path example = repoRoot().resolve("config.example.toml");
        JsonNode tree = new TomlMapper().readTree(example.toFile());
        for (Setting s : Setting.values()) {
            assertTrue(tree.path(s.section()).has(s.tomlKey()), "[" + s.section() + "] " + s.tomlKey() + " missing");
        }
        Path emptyDir = Files.createTempDirectory("signal-config");
        try {
            SignalConfig fromExample = new ConfigLoader(Map.of(), emptyDir).load("--config", example.toString()).config();
            SignalConfig defaults = new ConfigLoader(Map.of(), emptyDir).load().config();
            assertEquals(defaults, fromExample);
        } finally {
            Files.delete(emptyDir);
        }
    }

    @Test
    void configurationDocHasTheGeneratedTable() throws Exception {
        Path doc = repoRoot().resolve("docs/configuration.md");
        String text = Files.readString(doc);
        int begin = text.indexOf(ConfigReference.TABLE_BEGIN);
        int end = text.indexOf(ConfigReference.TABLE_END);
        assertTrue(begin >= 0 && end > begin, "docs/configuration.md lacks the settings markers");
        String current = text.substring(begin, end + ConfigReference.TABLE_END.length() + 1);
        if (WRITE) {
            Files.writeString(doc, text.replace(current, ConfigReference.markdownTable()));
            current = ConfigReference.markdownTable();
        }
        assertEquals(ConfigReference.markdownTable(), current,
                "docs/configuration.md's table is out of date; rerun this test with -Dsignal.writeConfigReference=true");
    }
}
