package dev.signals.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StrictJsonTest {
    private final StrictJson json = new StrictJson();

    @Test
    void rejectsDuplicateKeysTrailingContentAndNonObjects() {
        assertThrows(JsonShapeException.class, () -> json.parseObject("{\"a\":1,\"a\":2}"));
        assertThrows(JsonShapeException.class, () -> json.parseObject("{\"a\":1} {}"));
        assertThrows(JsonShapeException.class, () -> json.parseObject("{\"a\":1}x"));
        assertThrows(JsonShapeException.class, () -> json.parseObject("[1]"));
        assertThrows(JsonShapeException.class, () -> json.parseObject(""));
        assertThrows(JsonShapeException.class, () -> json.parseObject("{'a':1}"));
    }

    @Test
    void neverCoercesTypes() throws Exception {
        ObjectNode o = json.parseObject("{\"s\":1,\"n\":\"1\",\"f\":1.0,\"e\":1e2,\"b\":true,\"big\":9007199254740993,\"ok\":9007199254740992,\"nul\":null}");
        assertThrows(JsonShapeException.class, () -> StrictJson.optString(o, "s"));
        assertThrows(JsonShapeException.class, () -> StrictJson.optInteger(o, "n"));
        assertThrows(JsonShapeException.class, () -> StrictJson.optInteger(o, "f"));
        assertThrows(JsonShapeException.class, () -> StrictJson.optInteger(o, "e"));
        assertThrows(JsonShapeException.class, () -> StrictJson.optString(o, "b"));
        assertThrows(JsonShapeException.class, () -> StrictJson.optInteger(o, "big"));
        assertEquals(9007199254740992L, StrictJson.optInteger(o, "ok"));
        assertNull(StrictJson.optString(o, "nul"));
        assertNull(StrictJson.optString(o, "absent"));
    }

    @Test
    void namesTheBadField() {
        JsonShapeException e = assertThrows(JsonShapeException.class,
                () -> StrictJson.optStringArray(json.parseObject("{\"candidate\":[1]}"), "candidate"));
        assertEquals("candidate", e.field());
    }
}
