package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signals.core.call.CallCodec;
import dev.signals.core.call.CallMessage;
import dev.signals.core.json.StrictJson;
import dev.signals.server.testing.RedisProcess;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The call scripts that publish for many calls ({@code call-reap}, {@code call-sweep},
 * {@code call-sync}) build the PEER and LEAVE frames they keep for sessions from the codec's frame
 * split around the call name (call-lib.lua {@code relay_for}, docs/cluster.md "Announcements"):
 * every frame they keep must be the codec's bytes, or the home's append would not take it out of
 * the inbox; a name the codec escapes is not kept. Run in a real {@code redis-server}.
 */
class CallEventTemplatesTest {
    private static final List<String> NAMES = List.of("plain", "with space", "ünï cødé", "emoji \uD83C\uDF89", "a/b",
            "<b>&amp;</b>", "line\u2028sep", "del\u007f", "quote\"d", "back\\slash", "tab\there", "nl\n", "unit\u001f");
    private static final LuaScript PROBE = LuaScript.load("call-template-probe", "call-template-probe.lua",
            "session-lib.lua", "lease-lib.lua", "call-lib.lua");
    private static RedisProcess redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void everyKeptFrameIsTheCodecsAndEscapedNamesAreNotKept() throws Exception {
        CallCodec codec = new CallCodec(new StrictJson());
        String templates = RedisCallDirectory.templates(new SessionBounds("16", "65536", "60000"), codec::forSubscribers);
        int kept = 0;
        for (String name : NAMES) {
            boolean escaped = name.chars().anyMatch(c -> c < 0x20 || c == '"' || c == '\\');
            for (CallMessage.Event event : List.of(new CallMessage.Peer(name, "s"), new CallMessage.Leave(name, "s"))) {
                Object frame = redis.command("EVAL", PROBE.source(false), "0", "p:", templates, name, event.kind().name());
                if (escaped) {
                    assertNull(frame, name);
                } else {
                    assertEquals(codec.forSubscribers(event), frame, name);
                    kept++;
                }
            }
        }
        assertEquals(16, kept);
    }
}
