package dev.signals.loadtest.bare;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Finds values in a JSON message's bytes by key without decoding or parsing it — exactly as
 * little as the bare relay needs, and exactly as unsafe (the first occurrence of the key wins,
 * wherever it is nested). Positions are absolute indexes into the buffer.
 */
final class RawJson {
    private RawJson() {
    }

    /** Index of the first byte of the first {@code "key":} value (after spaces), or -1. */
    static int valueStart(ByteBuf json, byte[] quotedKey) {
        int k = indexOf(json, quotedKey, json.readerIndex());
        if (k < 0) {
            return -1;
        }
        int i = k + quotedKey.length;
        int end = json.writerIndex();
        while (i < end && (json.getByte(i) == ' ' || json.getByte(i) == ':')) {
            i++;
        }
        return i < end ? i : -1;
    }

    /** Index just past the closing quote of the JSON string starting at {@code start}, or -1. */
    static int stringEnd(ByteBuf json, int start) {
        if (start < 0 || json.getByte(start) != '"') {
            return -1;
        }
        int end = json.writerIndex();
        for (int i = start + 1; i < end; i++) {
            byte b = json.getByte(i);
            if (b == '\\') {
                i++;
            } else if (b == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The first {@code "key":"value"} string value, without its quotes (no escapes expected), or null. */
    static String stringValue(ByteBuf json, byte[] quotedKey) {
        int start = valueStart(json, quotedKey);
        int end = stringEnd(json, start);
        return end < 0 ? null : json.toString(start + 1, end - start - 2, StandardCharsets.UTF_8);
    }

    /** Whether the string value starting at {@code start} is exactly {@code quotedValue}, quotes included. */
    static boolean valueIs(ByteBuf json, int start, byte[] quotedValue) {
        if (start < 0 || start + quotedValue.length > json.writerIndex()) {
            return false;
        }
        for (int j = 0; j < quotedValue.length; j++) {
            if (json.getByte(start + j) != quotedValue[j]) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(ByteBuf buf, byte[] needle, int from) {
        int last = buf.writerIndex() - needle.length;
        for (int i = from; i <= last; i = i + 1) {
            i = buf.indexOf(i, last + 1, needle[0]);
            if (i < 0) {
                return -1;
            }
            if (valueIs(buf, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
