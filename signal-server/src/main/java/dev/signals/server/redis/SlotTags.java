package dev.signals.server.redis;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's hash slots (CRC16/XMODEM of a key's hash tag, modulo 16,384) and one short tag
 * per slot, the shortest string over {@code [0-9a-zA-Z]} that hashes to it: a key or sharded
 * channel carrying {@code {<tag of s>}} as its first brace group lives in slot {@code s}
 * (docs/cluster.md "Redis Cluster"). Immutable tables, computed once.
 */
final class SlotTags {
    /** Slots in a Redis Cluster. */
    static final int SLOTS = 16_384;
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int[] TABLE = crcTable();
    private static final String[] TAGS = tags();

    private SlotTags() {
    }

    /** The slot of {@code id} hashed as a whole (braces in it mean nothing here). */
    static int slot(String id) {
        return crc16(id.getBytes(StandardCharsets.UTF_8)) & (SLOTS - 1);
    }

    /** The short tag of {@code slot}. */
    static String tag(int slot) {
        return TAGS[slot];
    }

    static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[i] = crc & 0xFFFF;
        }
        return table;
    }

    /** Candidates in order of length, then alphabet; the first to reach a slot is its tag. */
    private static String[] tags() {
        String[] tags = new String[SLOTS];
        int found = 0;
        for (int length = 1; found < SLOTS; length++) {
            int[] digits = new int[length];
            char[] chars = new char[length];
            while (true) {
                for (int i = 0; i < length; i++) {
                    chars[i] = ALPHABET.charAt(digits[i]);
                }
                String candidate = new String(chars);
                int s = slot(candidate);
                if (tags[s] == null) {
                    tags[s] = candidate;
                    if (++found == SLOTS) {
                        break;
                    }
                }
                int i = length - 1;
                while (i >= 0 && ++digits[i] == ALPHABET.length()) {
                    digits[i--] = 0;
                }
                if (i < 0) {
                    break;
                }
            }
        }
        return tags;
    }
}
