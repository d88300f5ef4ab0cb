package dev.signals.core.json;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes JSON text byte-for-byte as ECMAScript {@code JSON.stringify} does (SECURITY.md "Limits and their defaults"):
 * compact, only the quote and backslash escaped plus U+0000–U+001F, short escapes where they
 * exist, lower-case six-character unicode escapes otherwise, lone surrogates escaped the same way.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code value} as a quoted JSON string, or {@code null} when it is null. */
    public static StringBuilder quote(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        // Room for the value and an SDP's escapes (two more characters per CRLF line) at once, so a
        // builder sized for a short object grows once for an SDP, not by doubling.
        out.ensureCapacity(out.length() + value.length() + (value.length() >> 4) + 2);
        return escape(out.append('"'), value).append('"');
    }

    /** {@code value} escaped as the content of a JSON string, without the quotes. */
    public static String escape(String value) {
        return escape(new StringBuilder(value.length() + value.length() / 16), value).toString();
    }

    private static StringBuilder escape(StringBuilder out, String value) {
        int length = value.length();
        int runStart = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c < Character.MIN_SURROGATE) {
                continue; // most of an SDP: printable, and neither a quote, a backslash nor a surrogate
            }
            String escape = escapeFor(value, i, c);
            if (escape != null) {
                out.append(value, runStart, i).append(escape);
                runStart = i + 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a valid pair is written literally
            }
        }
        return out.append(value, runStart, length);
    }

    /**
     * Where the JSON string content starting at {@code from} in {@code bytes} (quickest when they
     * are little-endian, as the eight-byte steps read them) ends, the index of its closing quote, when that content is ASCII
     * exactly as {@link #quote} writes it for the value it stands for; -1 when it is not (another
     * escape spelling, a raw control character, a byte beyond ASCII, no end): then only decoding
     * and quoting again gives {@code JSON.stringify}'s bytes. Eight bytes are looked at per step,
     * since an SDP's kilobytes between escapes are the relay's most frequent bytes, and an escaped
     * CR or LF, one per line of an SDP, is passed within its step (BENCHMARKS.md "Fifth session on issue 16").
     */
    public static int asciiCanonicalEnd(ByteBuffer bytes, int from) {
        ByteBuffer ascii = bytes.order() == ByteOrder.LITTLE_ENDIAN ? bytes : bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int limit = ascii.limit();
        int i = from;
        steps:
        while (i + Long.BYTES <= limit) {
            long eight = ascii.getLong(i);
            long marked = marks(eight);
            while (marked != 0) {
                int at = Long.numberOfTrailingZeros(marked) >>> 3; // marks are exact: lowest first in memory
                byte c = (byte) (eight >>> (Byte.SIZE * at));
                if (c == '"') {
                    return i + at;
                }
                if (c != '\\') {
                    return -1; // a control character, or (negative) a byte beyond ASCII
                }
                int letterAt = i + at + 1;
                if (letterAt >= limit) {
                    return -1;
                }
                byte letter = at < Long.BYTES - 1 ? (byte) (eight >>> (Byte.SIZE * (at + 1))) : ascii.get(letterAt);
                if ((letter == 'r' || letter == 'n') && at < Long.BYTES - 1) {
                    marked &= marked - 1; // the letter is not marked: read on in these eight bytes
                    continue;
                }
                if (!canonicalEscape(ascii, letterAt)) {
                    return -1;
                }
                // An escaped quote or backslash is marked itself, a unicode escape may end beyond these eight bytes.
                i = letterAt + (letter == 'u' ? 5 : 1);
                continue steps;
            }
            i += Long.BYTES;
        }
        for (; i < limit; i++) { // the last few bytes, one at a time
            byte c = ascii.get(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                if (i + 1 >= limit || !canonicalEscape(ascii, i + 1)) {
                    return -1;
                }
                i += ascii.get(i + 1) == 'u' ? 5 : 1;
            } else if (c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    private static final long ONES = 0x0101010101010101L;
    private static final long LOW_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * The high bit of exactly each byte of {@code eight} that is a quote, a backslash, below 0x20
     * or beyond ASCII. Each test adds within a byte's low seven bits, so no carry reaches another byte.
     */
    private static long marks(long eight) {
        long low = eight & LOW_BITS;
        long notQuote = (low ^ ONES * '"') + LOW_BITS; // high bit set unless the byte was the quote
        long notBackslash = (low ^ ONES * '\\') + LOW_BITS;
        long printable = low + ONES * (0x80 - 0x20); // high bit set from 0x20 up
        return (~(notQuote & notBackslash & printable) | eight) & HIGH_BITS;
    }

    /** The escape whose letter is at {@code at} is the one {@link #escapeFor} writes for its character. */
    private static boolean canonicalEscape(ByteBuffer text, int at) {
        switch (text.get(at)) {
            case '"':
            case '\\':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return true;
            case 'u':
                break;
            default:
                return false;
        }
        // Only control characters without a short escape get a six-character escape, 00xx in lower case.
        if (at + 4 >= text.limit() || text.get(at + 1) != '0' || text.get(at + 2) != '0') {
            return false;
        }
        int high = hexDigit((char) text.get(at + 3));
        int low = hexDigit((char) text.get(at + 4));
        if (high < 0 || high > 1 || low < 0) {
            return false;
        }
        int c = high << 4 | low;
        return c != '\b' && c != '\t' && c != '\n' && c != '\f' && c != '\r';
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    /** Returns {@code value} as a quoted JSON string. */
    public static String quote(String value) {
        return quote(new StringBuilder(value == null ? 4 : value.length() + 2), value).toString();
    }

    private static String escapeFor(String value, int i, char c) {
        switch (c) {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\b': return "\\b";
            case '\f': return "\\f";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default:
                break;
        }
        if (c < 0x20) {
            return unicodeEscape(c);
        }
        if (Character.isHighSurrogate(c)) {
            boolean paired = i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
            return paired ? null : unicodeEscape(c);
        }
        if (Character.isLowSurrogate(c)) {
            // Reached only when not consumed as the second half of a pair.
            return unicodeEscape(c);
        }
        return null;
    }

    private static String unicodeEscape(char c) {
        return new String(new char[] {'\\', 'u', HEX[(c >> 12) & 0xF], HEX[(c >> 8) & 0xF], HEX[(c >> 4) & 0xF], HEX[c & 0xF]});
    }
}
