package dev.signals.loadtest.net;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level look-ups in inbound JSON messages, so the hot path (thousands of relayed messages a
 * second) never decodes a whole message into a String or a tree. Only for messages whose shape
 * the harness itself chose; anything else is parsed properly.
 */
public final class Frames {
    private static final byte[] TYPE_KEY = ascii("\"type\":\"");

    private Frames() {
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Index of the first occurrence of {@code needle} in the readable bytes at or after {@code from}, or -1.
     * Candidates are found with {@link ByteBuf#indexOf(int, int, byte)}, which scans several bytes
     * at a time, instead of one bounds-checked {@code getByte} per byte: this runs for every
     * relayed message the harness receives.
     */
    public static int indexOf(ByteBuf buf, byte[] needle, int from) {
        int end = buf.writerIndex() - needle.length;
        int i = Math.max(from, buf.readerIndex());
        while (i <= end) {
            int at = buf.indexOf(i, end + 1, needle[0]);
            if (at < 0) {
                return -1;
            }
            if (matchesAt(buf, at, needle)) {
                return at;
            }
            i = at + 1;
        }
        return -1;
    }

    private static boolean matchesAt(ByteBuf buf, int at, byte[] needle) {
        for (int j = 1; j < needle.length; j++) {
            if (buf.getByte(at + j) != needle[j]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the message's first {@code "type":"…"} value equals {@code type} (given with its closing quote). */
    public static boolean typeIs(ByteBuf buf, byte[] typeWithClosingQuote) {
        int at = indexOf(buf, TYPE_KEY, buf.readerIndex());
        if (at < 0) {
            return false;
        }
        int start = at + TYPE_KEY.length;
        if (start + typeWithClosingQuote.length > buf.writerIndex()) {
            return false;
        }
        for (int j = 0; j < typeWithClosingQuote.length; j++) {
            if (buf.getByte(start + j) != typeWithClosingQuote[j]) {
                return false;
            }
        }
        return true;
    }

    /** The non-negative decimal number right after the first {@code marker}, or -1. */
    public static long numberAfter(ByteBuf buf, byte[] marker) {
        return numberAfter(buf, marker, 0);
    }

    /**
     * The number {@code skip} numbers further on: after the marker come digits, then for each
     * skipped number its digits and one space; -1 when the text is not so.
     */
    public static long numberAfter(ByteBuf buf, byte[] marker, int skip) {
        int at = indexOf(buf, marker, buf.readerIndex());
        return at < 0 ? -1 : numberAt(buf, at + marker.length, skip);
    }

    /** The same from index {@code from}, where the first number starts: for a marker found once and read twice. */
    public static long numberAt(ByteBuf buf, int from, int skip) {
        int i = from;
        for (int n = 0; n < skip; n++) {
            int start = i;
            while (i < buf.writerIndex() && isDigit(buf.getByte(i))) {
                i++;
            }
            if (i == start || i >= buf.writerIndex() || buf.getByte(i) != ' ') {
                return -1;
            }
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < buf.writerIndex() && digits < 19 && isDigit(buf.getByte(i)); i++, digits++) {
            value = value * 10 + (buf.getByte(i) - '0');
        }
        return digits == 0 ? -1 : value;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Writes {@code value} (not negative) in decimal ASCII, without the String {@link Long#toString} would make. */
    public static ByteBuf writeDecimal(ByteBuf buf, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        long scale = 1;
        while (scale <= value / 10) {
            scale *= 10;
        }
        for (; scale > 0; scale /= 10) {
            buf.writeByte((int) ('0' + value / scale % 10));
        }
        return buf;
    }

    /** The whole message as text (for the rare, non-hot messages). */
    public static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }
}
