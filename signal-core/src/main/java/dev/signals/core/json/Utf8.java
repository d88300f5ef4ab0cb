package dev.signals.core.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding for client bytes: malformed input is refused, never replaced with U+FFFD. */
public final class Utf8 {
    private Utf8() {
    }

    /** {@code bytes} as text, or {@code null} when they are not valid UTF-8. */
    public static String decodeOrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** {@code bytes} as text; invalid UTF-8 is a document the codecs refuse. */
    public static String decode(byte[] bytes) throws JsonShapeException {
        String text = decodeOrNull(bytes);
        if (text == null) {
            throw new JsonShapeException(null, "invalid UTF-8");
        }
        return text;
    }
}
