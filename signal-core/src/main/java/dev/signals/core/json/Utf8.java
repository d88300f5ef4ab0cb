package dev.signals.core.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for client bytes and byte budgets: strict decoding (malformed input is refused, never
 * replaced with U+FFFD), and the one rule for how many bytes a text costs.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** {@code bytes} as text, or {@code null} when they are not valid UTF-8. */
    public static String decodeOrNull(byte[] bytes) {
        if (isAscii(bytes)) {
            // Every ASCII byte is its own character: one copy, where the decoder makes three.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
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

    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Whether no byte has its high bit set, eight at a time. */
    static boolean isAscii(byte[] bytes) {
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            if (((long) EIGHT_BYTES.get(bytes, i) & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many bytes {@code text} takes in UTF-8, counted without encoding it. A lone surrogate
     * counts 3, the most any encoder writes for one, so a budget never counts less than is sent.
     */
    public static long encodedLength(CharSequence text) {
        long n = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
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
